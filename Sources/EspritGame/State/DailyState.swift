/// The daily echo's memory: the last UTC day claimed and the streak that day ended.
public struct DailyState: Equatable, Sendable {
    /// Days since the Unix epoch (UTC) of the last claim; nil before the first.
    public var lastClaimDay: Int64?
    /// Consecutive days claimed, ending with `lastClaimDay`.
    public var streak: Int

    public init(lastClaimDay: Int64? = nil, streak: Int = 0) {
        self.lastClaimDay = lastClaimDay
        self.streak = streak
    }
}
