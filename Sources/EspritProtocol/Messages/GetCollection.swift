import NIOCore

/// `GET_COLLECTION` (0x000E): the logged-in player's stacks, leader and team. No fields.
public struct GetCollectionRequest: FieldlessRequest {
    public typealias Response = CollectionResponse
    public static let opcode = Opcode.getCollection

    public init() {}
}

extension Opcode {
    public static let getCollection = Opcode(0x000E, name: "GET_COLLECTION")
}

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
        stacks = try buffer.readWireList(field: "stacks") { (buffer: inout ByteBuffer) throws(WireDecodingError) in
            StackEntry(baseId: try buffer.readWire(field: "baseId"), count: try buffer.readWire(field: "count"), stars: try buffer.readWire(field: "stars"))
        }
        leader = try buffer.readWire(field: "leader")
        team = try buffer.readWireList(field: "team") { (buffer: inout ByteBuffer) throws(WireDecodingError) -> UInt32 in
            try buffer.readWire(field: "team")
        }
        teamPower = try buffer.readWire(field: "teamPower")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireList(stacks) { buffer, stack in
            buffer.writeWire(stack.baseId)
            buffer.writeWire(stack.count)
            buffer.writeWire(stack.stars)
        }
        buffer.writeWire(leader)
        buffer.writeWireList(team) { $0.writeWire($1) }
        buffer.writeWire(teamPower)
    }
}
