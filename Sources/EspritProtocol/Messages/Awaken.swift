/// `AWAKEN` (0x0006): one more star for the stack of `baseId`.
public struct AwakenRequest: EspritTargetRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.awaken

    public var baseId: UInt32

    public init(baseId: UInt32) { self.baseId = baseId }
}

extension Opcode {
    public static let awaken = Opcode(0x0006, name: "AWAKEN")
}
