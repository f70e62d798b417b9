/// `SET_LEADER` (0x000A): the stack of `baseId` leads the team.
public struct SetLeaderRequest: EspritTargetRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.setLeader

    public var baseId: UInt32

    public init(baseId: UInt32) { self.baseId = baseId }
}

extension Opcode {
    public static let setLeader = Opcode(0x000A, name: "SET_LEADER")
}
