/// `UPGRADE` (0x000C): the building of `type`, one level up.
public struct UpgradeRequest: BuildingTargetRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.upgrade

    public var type: String

    public init(type: String) { self.type = type }
}

extension Opcode {
    public static let upgrade = Opcode(0x000C, name: "UPGRADE")
}
