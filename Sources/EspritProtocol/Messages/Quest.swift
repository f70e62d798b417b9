import NIOCore

/// `QUEST` (0x0004): run a quest in `zone` (1–20 by default).
public struct QuestRequest: WireRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.quest

    public var zone: UInt16

    public init(zone: UInt16) { self.zone = zone }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        zone = try buffer.readWire(field: "zone")
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeWire(zone) }
}

extension Opcode {
    public static let quest = Opcode(0x0004, name: "QUEST")
}
