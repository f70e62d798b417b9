/// `COLLECT` (0x000D): what the building of `type` has produced.
public struct CollectRequest: BuildingTargetRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.collect

    public var type: String

    public init(type: String) { self.type = type }
}

extension Opcode {
    public static let collect = Opcode(0x000D, name: "COLLECT")
}
