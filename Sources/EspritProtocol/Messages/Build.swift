/// `BUILD` (0x000B): a building of `type`, at level 1.
public struct BuildRequest: BuildingTargetRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.build

    public var type: String

    public init(type: String) { self.type = type }
}

extension Opcode {
    public static let build = Opcode(0x000B, name: "BUILD")
}
