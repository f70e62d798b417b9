import EspritCore

/// Reads what ``BinaryWriter`` wrote; every read past the end throws instead of trapping, so
/// damaged input becomes an error that names where it happened.
///
/// Reads a slice in place (a journal record inside its segment's bytes needs no copy of its
/// own); offsets count from the slice's start.
struct BinaryReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var offset: Int

    init(_ bytes: ArraySlice<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.init(bytes[...], offset: offset)
    }

    var remaining: Int { bytes.count - offset }

    mutating func read<I: FixedWidthInteger>(_: I.Type = I.self) throws(BinaryReaderError) -> I {
        let size = MemoryLayout<I>.size
        guard remaining >= size else { throw BinaryReaderError(offset: offset, reason: "needs \(size) bytes, \(remaining) left") }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: I.self) }
        offset += size
        return I(littleEndian: value)
    }

    /// An unsigned LEB128 varint (``Array/appendVarint(_:)``); more than 10 bytes, or bits
    /// beyond 64, are damage.
    mutating func readVarint() throws(BinaryReaderError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte: UInt8 = try read()
            guard shift < 63 || byte <= 1 else { throw BinaryReaderError(offset: start, reason: "a varint longer than 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A zigzag-mapped signed varint (``Array/appendSignedVarint(_:)``).
    mutating func readSignedVarint() throws(BinaryReaderError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A string, validated as UTF-8 straight from the bytes (``UTF8Text``; no intermediate
    /// array: a restart and a checkpoint read several strings per journaled event).
    mutating func readString() throws(BinaryReaderError) -> String {
        let range = try byteRange()
        guard let string = bytes.withUnsafeBytes({ UTF8Text.string(UnsafeRawBufferPointer(rebasing: $0[range])) }) else {
            throw BinaryReaderError(offset: offset, reason: "string is not valid UTF-8")
        }
        return string
    }

    mutating func readBytes() throws(BinaryReaderError) -> [UInt8] {
        let range = try byteRange()
        return bytes.withUnsafeBytes { Array($0[range]) }
    }

    /// An idempotency key (u16 length, then the bytes), read without an array; a longer one
    /// than any the protocol accepts is damage.
    mutating func readKey() throws(BinaryReaderError) -> IdempotencyKey {
        let start = offset
        let range = try byteRange()
        guard let key = bytes.withUnsafeBytes({ IdempotencyKey(UnsafeRawBufferPointer(rebasing: $0[range])) }) else {
            throw BinaryReaderError(offset: start, reason: "a \(range.count)-byte idempotency key, longer than \(IdempotencyKey.capacity)")
        }
        return key
    }

    /// A u32 byte count, then the bytes (``Swift/Array/appendSized(_:)``).
    mutating func readSized() throws(BinaryReaderError) -> [UInt8] {
        let count = Int(try read(UInt32.self))
        guard remaining >= count else { throw BinaryReaderError(offset: offset, reason: "needs \(count) bytes, \(remaining) left") }
        defer { offset += count }
        return bytes.withUnsafeBytes { Array($0[offset..<offset + count]) }
    }

    /// Moves past `count` bytes without reading them.
    mutating func skip(_ count: Int) throws(BinaryReaderError) {
        guard remaining >= count else { throw BinaryReaderError(offset: offset, reason: "needs \(count) bytes, \(remaining) left") }
        offset += count
    }

    /// Moves past a u16-length-prefixed string or byte field without building it.
    mutating func skipLengthPrefixed() throws(BinaryReaderError) {
        _ = try byteRange()
    }

    /// The range of a u16-length-prefixed field's bytes, which the reader moves past.
    private mutating func byteRange() throws(BinaryReaderError) -> Range<Int> {
        let count = Int(try read(UInt16.self))
        guard remaining >= count else { throw BinaryReaderError(offset: offset, reason: "needs \(count) bytes, \(remaining) left") }
        defer { offset += count }
        return offset..<offset + count
    }
}

struct BinaryReaderError: Error, Equatable {
    var offset: Int
    var reason: String
}
