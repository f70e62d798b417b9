import NIOCore

/// `QUEST` (0x0004): run a quest in `zone` (1–20 by default).
public struct QuestRequest: WireMessage {
    public var zone: UInt16

    public init(zone: UInt16) { self.zone = zone }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        zone = try buffer.readWire(field: "zone")
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeWire(zone) }
}
