import NIOCore

/// Carries requests from one event loop to shards on other loops in batches: one `execute` to
/// each shard loop per turn of this loop, and one back with every answer, instead of two
/// cross-thread wake-ups per request.
///
/// A logged-in player's requests do not need it once the connection has moved to its player's
/// loop (only a connection that could not move does); admin operations on players of other
/// loops do, and an admin connection granting to many players sends most of its requests
/// through here. Requests for one shard run in the order
/// they were sent; answers come back in that order too.
///
/// One courier per event loop, used only on that loop, so it needs no lock.
final class ShardCourier {
    /// One request's work for a shard.
    private struct Errand {
        var shard: Shard
        var work: @Sendable (isolated Shard) -> ShardReply
    }

    /// What waits to leave for one shard loop during this turn.
    private struct Outgoing {
        var loop: any EventLoop
        var errands: [Errand] = []
        var deliveries: [(ShardReply) -> Void] = []
    }

    private let loop: any EventLoop
    private let statistics: ServerStatistics
    private var outbox: [ObjectIdentifier: Outgoing] = [:]
    /// How many errands each shard loop's last batch held: the next batch reserves that much,
    /// rather than growing its arrays from empty every turn.
    private var lastBatchSize: [ObjectIdentifier: Int] = [:]
    private var flushScheduled = false

    init(loop: any EventLoop, statistics: ServerStatistics) {
        self.loop = loop
        self.statistics = statistics
    }

    /// Runs `work` on `shard` (on another loop) and `deliver`s its reply back on this loop.
    func send(_ work: @escaping @Sendable (isolated Shard) -> ShardReply, to shard: Shard, deliver: @escaping (ShardReply) -> Void) {
        let key = ObjectIdentifier(shard.loop)
        if outbox[key] == nil {
            var outgoing = Outgoing(loop: shard.loop)
            let expected = lastBatchSize[key] ?? 0
            outgoing.errands.reserveCapacity(expected)
            outgoing.deliveries.reserveCapacity(expected)
            outbox[key] = outgoing
        }
        outbox[key]!.errands.append(Errand(shard: shard, work: work))
        outbox[key]!.deliveries.append(deliver)
        guard !flushScheduled else { return }
        flushScheduled = true
        // After the current turn's reads: everything they sent leaves in one batch per loop.
        let courier = NIOLoopBound(self, eventLoop: loop)
        loop.execute { courier.value.flush() }
    }

    private func flush() {
        flushScheduled = false
        let home = loop
        for (key, outgoing) in outbox {
            statistics.sentCrossingBatch()
            lastBatchSize[key] = outgoing.errands.count
            let errands = outgoing.errands
            let deliveries = NIOLoopBound(outgoing.deliveries, eventLoop: home)
            outgoing.loop.execute {
                let replies = errands.map { $0.shard.assumeIsolated($0.work) }
                home.execute {
                    for (deliver, reply) in zip(deliveries.value, replies) {
                        deliver(reply)
                    }
                }
            }
        }
        outbox.removeAll(keepingCapacity: true)
    }
}
