import CZstd

/// Streaming zstd decompression of one or more frames.
final class ZstdDecompressor {
    private let context: OpaquePointer
    private var output: [UInt8]
    /// Whether the last input ended exactly at the end of a frame.
    private(set) var atFrameEnd = true

    init() {
        context = ZSTD_createDCtx()
        output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
    }

    deinit {
        ZSTD_freeDCtx(context)
    }

    /// Decompresses `bytes`, handing the output to `sink` as it comes.
    func decompress(_ bytes: [UInt8], sink: ([UInt8]) throws -> Void) throws {
        try bytes.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            var outputFull = false
            while input.pos < input.size || outputFull {
                let (hint, produced) = output.withUnsafeMutableBytes { destination in
                    var out = ZSTD_outBuffer(dst: destination.baseAddress, size: destination.count, pos: 0)
                    let hint = ZSTD_decompressStream(context, &out, &input)
                    return (hint, out.pos)
                }
                if ZSTD_isError(hint) != 0 {
                    throw SnapshotError(message: "zstd: \(String(cString: ZSTD_getErrorName(hint)))")
                }
                atFrameEnd = hint == 0
                outputFull = produced == output.count
                if produced > 0 { try sink(Array(output[0..<produced])) }
            }
        }
    }
}
