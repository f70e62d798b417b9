import Synchronization

/// Counters of how the server routes work, for tests and operators: whether logged-in
/// connections are served on their player's loop, as they should be.
public final class ServerStatistics: Sendable {
    private let handoffs = Atomic<Int>(0)
    private let crossings = Atomic<Int>(0)
    private let batches = Atomic<Int>(0)
    private let refusedForRate = Atomic<Int>(0)
    private let cutOff = Atomic<Int>(0)

    init() {}

    /// Connections moved to their player's shard loop after a `LOGIN`.
    public var connectionsHandedOff: Int { handoffs.load(ordering: .relaxed) }

    /// Requests whose shard lived on another event loop than their connection, so that they
    /// crossed to it and their answer crossed back. A logged-in player's own requests never
    /// should; admin operations on players of other loops do.
    public var shardCrossings: Int { crossings.load(ordering: .relaxed) }

    /// Batches the loops' couriers sent to other loops: each carried the crossings of one loop
    /// turn (``ShardCourier``).
    public var crossingBatches: Int { batches.load(ordering: .relaxed) }

    /// Players' requests refused `RATE_LIMITED` (``PlayerRateLimit``).
    public var rateLimitedRequests: Int { refusedForRate.load(ordering: .relaxed) }

    /// Subscribers closed because they left too many `EVENT`s unread.
    public var subscribersCutOff: Int { cutOff.load(ordering: .relaxed) }

    func subscriberCutOff() {
        cutOff.add(1, ordering: .relaxed)
    }

    func rateLimited() {
        refusedForRate.add(1, ordering: .relaxed)
    }

    func connectionHandedOff() {
        handoffs.add(1, ordering: .relaxed)
    }

    func crossedToShard() {
        crossings.add(1, ordering: .relaxed)
    }

    func sentCrossingBatch() {
        batches.add(1, ordering: .relaxed)
    }
}
