import NIOCore

/// One event loop's token buckets, one per player and ``RateClass`` (GAME.md, "Idempotency,
/// push and limits": 20 requests a second with bursts of 40 by default). A logged-in
/// connection is served on its player's shard loop, so each player's buckets live on one loop
/// and need no lock; the limiter is used only on its loop.
///
/// Memory is bounded by activity, not by players: a bucket that has refilled says nothing a new
/// one would not, so once the table passes ``sweepThreshold`` entries the full ones are
/// forgotten, and the threshold doubles past what is left (the sweep's cost stays amortized).
final class PlayerRateLimiter {
    private struct Key: Hashable {
        var playerId: UInt64
        var rateClass: RateClass
    }

    /// The rate of each class, by `RateClass.rawValue`; nil for a class with no limit.
    private let rates: [TokenRate?]
    private var buckets: [Key: TokenBucket] = [:]
    private var sweepThreshold: Int
    private let minimumSweepThreshold: Int

    init(limits: PlayerRateLimits, minimumSweepThreshold: Int = 4_096) {
        rates = RateClass.allCases.map { limits.rate(of: $0) }
        self.minimumSweepThreshold = minimumSweepThreshold
        sweepThreshold = minimumSweepThreshold
    }

    /// Buckets held now.
    var trackedBuckets: Int { buckets.count }

    /// Takes a token from `playerId`'s bucket of `rateClass`: nil when the request may go ahead,
    /// else the milliseconds until it may be retried. The clock is read only for a class with a
    /// limit: with limits off (the benchmarks' configuration) a request costs no clock read here.
    func take(_ playerId: UInt64, _ rateClass: RateClass, now readClock: @autoclosure () -> NIODeadline) -> Int64? {
        guard let rate = rates[rateClass.rawValue] else { return nil }
        let now = readClock()
        let key = Key(playerId: playerId, rateClass: rateClass)
        if let wait = buckets[key, default: TokenBucket(rate, at: now)].take(at: now, rate) {
            return wait
        }
        if buckets.count > sweepThreshold {
            sweep(now: now)
        }
        return nil
    }

    private func sweep(now: NIODeadline) {
        buckets = buckets.filter { key, bucket in
            rates[key.rateClass.rawValue].map { !bucket.isFull(at: now, $0) } ?? false
        }
        sweepThreshold = max(minimumSweepThreshold, 2 * buckets.count)
    }
}
