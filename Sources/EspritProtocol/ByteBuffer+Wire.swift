import NIOCore

/// The primitive wire types of `protocol/README.md`: big-endian integers, `string` and `bytes`
/// with a u16 length prefix, and `list` with a u16 count.
///
/// Readers throw ``WireDecodingError`` naming the field, so every malformed input becomes a
/// typed error rather than a crash or a silent zero.
extension ByteBuffer {
    /// The largest `string`, `bytes` or `list` the u16 prefix can describe.
    public static let maxWireLength = Int(UInt16.max)

    @inlinable
    mutating func writeWire<I: FixedWidthInteger>(_ value: I) {
        self.writeInteger(value, endianness: .big)
    }

    /// Writes a `string`. One longer than ``maxWireLength`` bytes is cut at the last whole
    /// character that fits: the writer never traps, whatever text reaches it. Whatever the
    /// server echoes is already bounded by ``WireText``; this is the last line of defence.
    mutating func writeWireString(_ value: String) {
        let utf8 = value.utf8
        guard utf8.count > Self.maxWireLength else {
            self.writeInteger(UInt16(utf8.count), endianness: .big)
            self.writeBytes(utf8)
            return
        }
        var end = utf8.index(utf8.startIndex, offsetBy: Self.maxWireLength)
        // Back off continuation bytes (10xxxxxx) so the cut falls between characters.
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 {
            end = utf8.index(before: end)
        }
        let prefix = utf8[utf8.startIndex..<end]
        self.writeInteger(UInt16(prefix.count), endianness: .big)
        self.writeBytes(prefix)
    }

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

    /// A `list<T>`: the u16 count, then each item as `writeItem` writes it. A list longer than
    /// ``maxWireLength`` keeps its first ``maxWireLength`` items, so the count always matches;
    /// no list the server builds comes near that (the limits of GAME.md and the config are far
    /// below it).
    mutating func writeWireList<Item>(_ items: [Item], _ writeItem: (inout ByteBuffer, Item) -> Void) {
        let kept = items.prefix(Self.maxWireLength)
        self.writeInteger(UInt16(kept.count), endianness: .big)
        for item in kept { writeItem(&self, item) }
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
