/// Reads what ``BinaryWriter`` wrote; every read past the end throws instead of trapping, so
/// damaged input becomes an error that names where it happened.
struct BinaryReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func read<I: FixedWidthInteger>(_: I.Type = I.self) throws(BinaryReaderError) -> I {
        let size = MemoryLayout<I>.size
        guard remaining >= size else { throw BinaryReaderError(offset: offset, reason: "needs \(size) bytes, \(remaining) left") }
        var value = I.zero
        for index in 0..<size {
            value |= I(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
        }
        offset += size
        return value
    }

    mutating func readString() throws(BinaryReaderError) -> String {
        let raw = try readBytes()
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw BinaryReaderError(offset: offset, reason: "string is not valid UTF-8")
        }
        return string
    }

    mutating func readBytes() throws(BinaryReaderError) -> [UInt8] {
        let count = Int(try read(UInt16.self))
        guard remaining >= count else { throw BinaryReaderError(offset: offset, reason: "needs \(count) bytes, \(remaining) left") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}

struct BinaryReaderError: Error, Equatable {
    var offset: Int
    var reason: String
}
