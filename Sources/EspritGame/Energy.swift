/// Energy as GAME.md stores it: a value at an instant, regenerated lazily when read.
///
/// Keeping `(value, asOf)` instead of ticking a timer means an idle player costs nothing, and
/// the journal only records energy when a rule changes it.
public struct Energy: Equatable, Sendable {
    public var value: Int64
    /// Milliseconds since the Unix epoch at which `value` was exact.
    public var asOf: Int64

    public init(value: Int64, asOf: Int64) {
        self.value = value
        self.asOf = asOf
    }

    /// The energy at `now`: +1 per regeneration period up to `max`. A value already at or above
    /// `max` (rewards may push it there) does not regenerate.
    public func current(now: Int64, max: Int64, config: GameConfig) -> Int64 {
        guard value < max, now > asOf else { return value }
        let gained = (now - asOf) / (config.energyRegenSeconds * 1000)
        return Swift.min(max, value + gained)
    }
}
