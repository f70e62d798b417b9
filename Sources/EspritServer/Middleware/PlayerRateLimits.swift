/// How many requests one player may make (GAME.md, "Idempotency, push and limits"), per
/// ``RateClass``: a sustained rate and a burst above it. Past them a request is answered
/// `RATE_LIMITED(retryAfterMs)` and changes nothing. A rate of 0 turns a class's limit off (the
/// load benchmarks do, to measure the server rather than the limit).
public struct PlayerRateLimits: Sendable, Equatable {
    /// `GET_PROFILE` and `GET_COLLECTION` per second, sustained.
    public var readsPerSecond = 20
    /// Reads one player may make at once above that.
    public var readBurst = 40
    /// Game operations (`QUEST` … `COLLECT`) per second, sustained.
    public var changesPerSecond = 20
    /// Game operations one player may make at once above that.
    public var changeBurst = 40

    public init() {}

    /// No limit at all.
    public static let off: PlayerRateLimits = {
        var limits = PlayerRateLimits()
        limits.readsPerSecond = 0
        limits.changesPerSecond = 0
        return limits
    }()

    /// The bucket rate of `rateClass`, or nil when it has no limit.
    func rate(of rateClass: RateClass) -> TokenRate? {
        let (perSecond, burst) = switch rateClass {
        case .read: (readsPerSecond, readBurst)
        case .change: (changesPerSecond, changeBurst)
        }
        return perSecond > 0 ? TokenRate(burst: burst, perSecond: perSecond) : nil
    }
}
