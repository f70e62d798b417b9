import CZstd

/// Streaming zstd compression: bytes in, compressed bytes out through `sink`, one frame per
/// stream, so `zstd -dc` reads the result.
final class ZstdCompressor {
    private let context: OpaquePointer
    private var output: [UInt8]

    init(level: Int32 = 3) {
        context = ZSTD_createCCtx()
        _ = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        _ = ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
    }

    deinit {
        ZSTD_freeCCtx(context)
    }

    /// Compresses `bytes`, handing every full output buffer to `sink`.
    func compress(_ bytes: [UInt8], sink: ([UInt8]) throws -> Void) throws {
        try run(bytes, directive: ZSTD_e_continue, sink: sink)
    }

    /// Ends the frame, handing the rest to `sink`.
    func finish(sink: ([UInt8]) throws -> Void) throws {
        try run([], directive: ZSTD_e_end, sink: sink)
    }

    private func run(_ bytes: [UInt8], directive: ZSTD_EndDirective, sink: ([UInt8]) throws -> Void) throws {
        try bytes.withUnsafeBytes { source in
            var input = ZSTD_inBuffer(src: source.baseAddress, size: source.count, pos: 0)
            while true {
                let (remaining, produced) = output.withUnsafeMutableBytes { destination in
                    var out = ZSTD_outBuffer(dst: destination.baseAddress, size: destination.count, pos: 0)
                    let remaining = ZSTD_compressStream2(context, &out, &input, directive)
                    return (remaining, out.pos)
                }
                if ZSTD_isError(remaining) != 0 {
                    throw SnapshotError(message: "zstd: \(String(cString: ZSTD_getErrorName(remaining)))")
                }
                if produced > 0 { try sink(Array(output[0..<produced])) }
                let done = directive == ZSTD_e_end ? remaining == 0 : input.pos == input.size
                if done { return }
            }
        }
    }
}
