import NIOCore

/// One stack of the `GET_COLLECTION` answer.
public struct StackEntry: Equatable, Sendable {
    public var baseId: UInt32
    public var count: Int64
    public var stars: UInt8

    public init(baseId: UInt32, count: Int64, stars: UInt8) {
        self.baseId = baseId
        self.count = count
        self.stars = stars
    }
}

/// `GET_COLLECTION` (0x000E): the player's stacks in base-id order, the leader (0: none), the
/// team (the base id of each of its copies, strongest first) and its power.
public struct CollectionResponse: WireMessage {
    public var stacks: [StackEntry]
    public var leader: UInt32
    public var team: [UInt32]
    public var teamPower: Int64

    public init(stacks: [StackEntry], leader: UInt32, team: [UInt32], teamPower: Int64) {
        self.stacks = stacks
        self.leader = leader
        self.team = team
        self.teamPower = teamPower
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        let count = try buffer.readWireCount(field: "stacks")
        var stacks: [StackEntry] = []
        for _ in 0..<count {
            stacks.append(StackEntry(baseId: try buffer.readWire(field: "baseId"), count: try buffer.readWire(field: "count"), stars: try buffer.readWire(field: "stars")))
        }
        self.stacks = stacks
        leader = try buffer.readWire(field: "leader")
        let teamCount = try buffer.readWireCount(field: "team")
        var team: [UInt32] = []
        for _ in 0..<teamCount { team.append(try buffer.readWire(field: "team")) }
        self.team = team
        teamPower = try buffer.readWire(field: "teamPower")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireCount(stacks.count)
        for stack in stacks {
            buffer.writeWire(stack.baseId)
            buffer.writeWire(stack.count)
            buffer.writeWire(stack.stars)
        }
        buffer.writeWire(leader)
        buffer.writeWireCount(team.count)
        for baseId in team { buffer.writeWire(baseId) }
        buffer.writeWire(teamPower)
    }
}
