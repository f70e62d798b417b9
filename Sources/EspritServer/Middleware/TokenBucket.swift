import NIOCore

/// How fast a ``TokenBucket`` refills: up to `burst` tokens, one more every `interval`.
struct TokenRate: Sendable, Equatable {
    let burst: Int
    let interval: TimeAmount

    init(burst: Int, interval: TimeAmount) {
        self.burst = max(1, burst)
        self.interval = interval.nanoseconds > 0 ? interval : .nanoseconds(1)
    }

    /// `perSecond` tokens a second, sustained.
    init(burst: Int, perSecond: Int) {
        self.init(burst: burst, interval: .nanoseconds(1_000_000_000 / Int64(max(1, perSecond))))
    }
}

/// A token bucket: each request takes a token; tokens come back at the bucket's rate. A value
/// with no clock of its own: callers pass `now`, so tests drive it with any time they like.
struct TokenBucket {
    private var tokens: Double
    private var updatedAt: NIODeadline

    /// A full bucket.
    init(_ rate: TokenRate, at now: NIODeadline) {
        tokens = Double(rate.burst)
        updatedAt = now
    }

    /// The tokens at `now`, refilled since the last take.
    func tokens(at now: NIODeadline, _ rate: TokenRate) -> Double {
        let elapsed = Double(max(0, (now - updatedAt).nanoseconds))
        return min(Double(rate.burst), tokens + elapsed / Double(rate.interval.nanoseconds))
    }

    /// Whether the bucket has refilled completely: a full bucket says nothing a new one would
    /// not, so a table of buckets may forget it.
    func isFull(at now: NIODeadline, _ rate: TokenRate) -> Bool {
        tokens(at: now, rate) >= Double(rate.burst)
    }

    /// Takes a token: nil when there was one, else the whole milliseconds until there will be
    /// (at least 1).
    mutating func take(at now: NIODeadline, _ rate: TokenRate) -> Int64? {
        let available = tokens(at: now, rate)
        guard available >= 1 else {
            return max(1, Int64(((1 - available) * Double(rate.interval.nanoseconds) / 1_000_000).rounded(.up)))
        }
        tokens = available - 1
        updatedAt = now
        return nil
    }

    /// Gives back a token taken earlier.
    mutating func giveBack(at now: NIODeadline, _ rate: TokenRate) {
        tokens = min(Double(rate.burst), tokens(at: now, rate) + 1)
        updatedAt = now
    }
}
