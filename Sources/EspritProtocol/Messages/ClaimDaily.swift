/// `CLAIM_DAILY` (0x0009): today's daily echo. No fields.
public struct ClaimDailyRequest: FieldlessRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.claimDaily

    public init() {}
}

extension Opcode {
    public static let claimDaily = Opcode(0x0009, name: "CLAIM_DAILY")
}
