import NIOCore

/// Where wire values are written (`protocol/README.md`: big-endian integers, `string` with a
/// u16 length, `list` with a u16 count): a `ByteBuffer`, a count of the bytes they take
/// (``WireSizeCounter``) or memory sized by that count (``RawWireWriter``). A message's layout
/// is written once, generic over this, and serves all three.
protocol WireWriter {
    mutating func writeWire<I: FixedWidthInteger>(_ value: I)
    /// Writes `bytes` as they are, with no length.
    mutating func writeWireContents(_ bytes: UnsafeRawBufferPointer)
    /// Writes a `string` (``writeWireUTF8(_:)``); a requirement, so that a writer that only
    /// counts bytes need not reach the text's bytes.
    mutating func writeWireString(_ value: String)
}

extension WireWriter {
    /// Writes a `string` from its UTF-8 bytes, in place: a native or small string's bytes are
    /// read without copying the string first (`withUTF8` needs a variable, a copy and its
    /// reference count); a bridged one is made contiguous.
    mutating func writeWireString(_ value: String) {
        let written: Void? = value.utf8.withContiguousStorageIfAvailable { writeWireUTF8(UnsafeRawBufferPointer($0)) }
        if written == nil {
            var value = value
            value.withUTF8 { writeWireUTF8(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Writes `utf8` as a `string`. One longer than ``NIOCore/ByteBuffer/maxWireLength`` bytes
    /// is cut at the last whole character that fits: the writer never traps, whatever text
    /// reaches it. Whatever the server echoes is already bounded by ``WireText``; this is the
    /// last line of defence.
    mutating func writeWireUTF8(_ utf8: UnsafeRawBufferPointer) {
        let end = Self.wireStringEnd(utf8)
        writeWire(UInt16(end))
        writeWireContents(UnsafeRawBufferPointer(rebasing: utf8[..<end]))
    }

    /// How many of `utf8`'s bytes a `string` carries: all, or those before the last character
    /// that would pass ``NIOCore/ByteBuffer/maxWireLength``.
    static func wireStringEnd(_ utf8: UnsafeRawBufferPointer) -> Int {
        guard utf8.count > ByteBuffer.maxWireLength else { return utf8.count }
        var end = ByteBuffer.maxWireLength
        // Back off continuation bytes (10xxxxxx) so the cut falls between characters.
        while end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }

    /// A `list<T>`: the u16 count, then each item as `writeItem` writes it. A list longer than
    /// ``NIOCore/ByteBuffer/maxWireLength`` keeps its first ``NIOCore/ByteBuffer/maxWireLength``
    /// items, so the count always matches; no list the server builds comes near that (the
    /// limits of GAME.md and the config are far below it).
    mutating func writeWireList<Item>(_ items: [Item], _ writeItem: (inout Self, Item) -> Void) {
        let kept = items.prefix(ByteBuffer.maxWireLength)
        writeWire(UInt16(kept.count))
        for item in kept { writeItem(&self, item) }
    }
}

extension ByteBuffer: WireWriter {
    @inlinable
    mutating func writeWire<I: FixedWidthInteger>(_ value: I) {
        self.writeInteger(value, endianness: .big)
    }

    mutating func writeWireContents(_ bytes: UnsafeRawBufferPointer) {
        self.writeBytes(bytes)
    }
}

/// The bytes that wire values would take, written nowhere: what ``RawWireWriter`` needs room
/// for.
struct WireSizeCounter: WireWriter {
    private(set) var count = 0

    mutating func writeWire<I: FixedWidthInteger>(_ value: I) {
        count += MemoryLayout<I>.size
    }

    mutating func writeWireContents(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
    }

    /// A string's UTF-8 count is known without reading its bytes, unless it must be cut.
    mutating func writeWireString(_ value: String) {
        let utf8Count = value.utf8.count
        guard utf8Count > ByteBuffer.maxWireLength else {
            count += MemoryLayout<UInt16>.size + utf8Count
            return
        }
        var value = value
        value.withUTF8 { writeWireUTF8(UnsafeRawBufferPointer($0)) }
    }
}

/// Writes wire values into memory with room for them all, as ``WireSizeCounter`` counted
/// them: without a `ByteBuffer`'s capacity, uniqueness and exclusivity checks on every value.
/// The server writes an `EVENT` frame for every followed commit, and those checks were most
/// of the 250 ns each one took (bench/RESULTS.md, session 25).
struct RawWireWriter: WireWriter {
    private var next: UnsafeMutableRawPointer

    /// Writes from `start` on; the caller has room for what it writes.
    init(start: UnsafeMutableRawPointer) {
        next = start
    }

    mutating func writeWire<I: FixedWidthInteger>(_ value: I) {
        next.storeBytes(of: value.bigEndian, as: I.self)
        next += MemoryLayout<I>.size
    }

    mutating func writeWireContents(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        next.copyMemory(from: base, byteCount: bytes.count)
        next += bytes.count
    }
}
