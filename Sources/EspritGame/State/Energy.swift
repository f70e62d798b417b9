/// Energy as GAME.md stores it: a value at an instant, regenerated lazily when read.
///
/// Keeping `(value, asOf)` instead of ticking a timer means an idle player costs nothing, and
/// the journal only records energy when a rule changes it.
public struct Energy: Equatable, Sendable {
    public var value: Int64
    /// Milliseconds since the Unix epoch from which regeneration counts.
    public var asOf: Int64

    public init(value: Int64, asOf: Int64) {
        self.value = value
        self.asOf = asOf
    }

    /// The energy at `now`, as a new `(value, asOf)`: +1 per regeneration period up to `max`.
    ///
    /// `asOf` moves forward only by the periods consumed, so a point half regenerated stays half
    /// regenerated after energy is spent. At or above `max` (rewards may push it there) nothing
    /// regenerates, and the clock restarts from `now`.
    public func regenerated(now: Int64, max: Int64, config: GameConfig) -> Energy {
        guard value < max else { return Energy(value: value, asOf: Swift.max(asOf, now)) }
        guard now > asOf else { return self }
        let period = config.energy.regenSeconds * 1000
        let gained = (now - asOf) / period
        if value + gained >= max {
            return Energy(value: max, asOf: now)
        }
        return Energy(value: value + gained, asOf: asOf + gained * period)
    }

    /// The energy at `now`.
    public func current(now: Int64, max: Int64, config: GameConfig) -> Int64 {
        regenerated(now: now, max: max, config: config).value
    }

    /// When the next point arrives, or nil when energy is at or above `max`.
    public func nextPointAt(now: Int64, max: Int64, config: GameConfig) -> Int64? {
        let current = regenerated(now: now, max: max, config: config)
        guard current.value < max else { return nil }
        return current.asOf + config.energy.regenSeconds * 1000
    }
}
