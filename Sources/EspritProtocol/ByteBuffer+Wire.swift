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
        guard let string = try withWireBytes(field: field, { $0.isEmpty ? "" : UTF8Text.string($0) }) else {
            throw WireDecodingError(field: field, reason: "not valid UTF-8")
        }
        return string
    }

    mutating func readWireBytes(field: String) throws(WireDecodingError) -> [UInt8] {
        try withWireBytes(field: field) { Array($0) }
    }

    /// Reads a `string` or `bytes` field (u16 length, then the bytes) and hands `body` the bytes
    /// where they lie, so that a reader that keeps them in a form of its own copies them once.
    mutating func withWireBytes<Value>(field: String, _ body: (UnsafeRawBufferPointer) -> Value) throws(WireDecodingError) -> Value {
        let length = Int(try self.readWire(UInt16.self, field: field))
        guard length <= self.readableBytes else {
            throw WireDecodingError(field: field, reason: "length \(length) runs past the end of the frame")
        }
        defer { self.moveReaderIndex(forwardBy: length) }
        return self.withUnsafeReadableBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
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
