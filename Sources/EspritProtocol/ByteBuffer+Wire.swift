import NIOCore

/// The primitive wire types of `protocol/README.md`: big-endian integers, `string` and `bytes`
/// with a u16 length prefix, and `list` with a u16 count.
///
/// Readers throw ``WireDecodingError`` naming the field, so every malformed input becomes a
/// typed error rather than a crash or a silent zero.
extension ByteBuffer {
    /// The largest `string`, `bytes` or `list` the u16 prefix can describe.
    public static let maxWireLength = Int(UInt16.max)

    /// Writes `bytes`; past ``maxWireLength`` only the first ``maxWireLength`` are written.
    mutating func writeWireBytes(_ value: [UInt8]) {
        let kept = value.prefix(Self.maxWireLength)
        self.writeInteger(UInt16(kept.count), endianness: .big)
        self.writeBytes(kept)
    }

    mutating func readWire<I: FixedWidthInteger>(_: I.Type = I.self, field: String) throws(WireDecodingError) -> I {
        guard let value = self.readInteger(endianness: .big, as: I.self) else {
            throw .truncated(field)
        }
        return value
    }

    mutating func readWireBool(field: String) throws(WireDecodingError) -> Bool {
        switch try self.readWire(UInt8.self, field: field) {
        case 0: return false
        case 1: return true
        case let other: throw WireDecodingError(field: field, reason: "bool must be 0 or 1, got \(other)")
        }
    }

    mutating func readWireString(field: String) throws(WireDecodingError) -> String {
        let length = Int(try self.readWire(UInt16.self, field: field))
        guard let bytes = self.readSlice(length: length) else {
            throw WireDecodingError(field: field, reason: "length \(length) runs past the end of the frame")
        }
        guard let string = bytes.readableBytes == 0 ? "" : bytes.withUnsafeReadableBytes(UTF8Text.string) else {
            throw WireDecodingError(field: field, reason: "not valid UTF-8")
        }
        return string
    }

    mutating func readWireBytes(field: String) throws(WireDecodingError) -> [UInt8] {
        let length = Int(try self.readWire(UInt16.self, field: field))
        guard let bytes = self.readBytes(length: length) else {
            throw WireDecodingError(field: field, reason: "length \(length) runs past the end of the frame")
        }
        return bytes
    }

    mutating func readWireCount(field: String) throws(WireDecodingError) -> Int {
        Int(try self.readWire(UInt16.self, field: field))
    }

    /// A `list<T>` of items that `readItem` reads.
    mutating func readWireList<Item>(
        field: String, _ readItem: (inout ByteBuffer) throws(WireDecodingError) -> Item
    ) throws(WireDecodingError) -> [Item] {
        let count = try readWireCount(field: field)
        var items: [Item] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try readItem(&self)) }
        return items
    }

    /// Rejects bytes left over after a message: a frame must be exactly one message.
    func requireFullyRead(message: @autoclosure () -> String) throws(WireDecodingError) {
        guard self.readableBytes == 0 else {
            throw WireDecodingError(field: message(), reason: "\(self.readableBytes) unexpected bytes after the last field")
        }
    }
}
