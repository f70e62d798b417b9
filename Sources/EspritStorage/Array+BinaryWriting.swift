/// Appends the journal's little-endian primitives; ``BinaryReader`` reads them back.
///
/// The journal is read only by this program, so it uses the machine's byte order; the wire
/// protocol, read by other languages, uses network order instead.
extension [UInt8] {
    mutating func appendLittleEndian<I: FixedWidthInteger>(_ value: I) {
        Swift.withUnsafeBytes(of: value.littleEndian) { self.append(contentsOf: $0) }
    }

    /// A u16 byte count, then the UTF-8 bytes.
    mutating func appendString(_ string: String) {
        appendLittleEndian(UInt16(string.utf8.count))
        append(contentsOf: string.utf8)
    }

    /// A u16 byte count, then the bytes.
    mutating func appendBytes(_ value: [UInt8]) {
        appendLittleEndian(UInt16(value.count))
        append(contentsOf: value)
    }

    /// A u32 byte count, then the bytes: for fields that may pass a u16's 65 535 bytes.
    mutating func appendSized(_ value: [UInt8]) {
        appendLittleEndian(UInt32(value.count))
        append(contentsOf: value)
    }

    /// An unsigned LEB128 varint: seven bits a byte, low bits first, the high bit set on every
    /// byte but the last (1 byte below 128, at most 10).
    mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(rest))
    }

    /// A signed varint, zigzag-mapped first so that small negative numbers stay short too
    /// (0 → 0, -1 → 1, 1 → 2, -2 → 3, …).
    mutating func appendSignedVarint(_ value: Int64) {
        appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
}
