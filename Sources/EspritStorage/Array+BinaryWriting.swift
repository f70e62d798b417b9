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
}
