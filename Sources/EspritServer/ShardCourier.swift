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
    /// What waits to leave for one shard loop during this turn.
    private struct Outgoing {
        var loop: any EventLoop
        var work: [@Sendable () -> ShardReply] = []
        var deliveries: [(ShardReply) -> Void] = []
    }

    private let loop: any EventLoop
    private let statistics: ServerStatistics
    private var outbox: [ObjectIdentifier: Outgoing] = [:]
    private var flushScheduled = false

    init(loop: any EventLoop, statistics: ServerStatistics) {
        self.loop = loop
        self.statistics = statistics
    }

    /// Runs `work` on `shard` (on another loop) and `deliver`s its reply back on this loop.
    func send(_ work: @escaping @Sendable (isolated Shard) -> ShardReply, to shard: Shard, deliver: @escaping (ShardReply) -> Void) {
        let key = ObjectIdentifier(shard.loop)
        outbox[key, default: Outgoing(loop: shard.loop)].work.append { shard.assumeIsolated(work) }
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
        for outgoing in outbox.values {
            statistics.sentCrossingBatch()
            let work = outgoing.work
            let deliveries = NIOLoopBound(outgoing.deliveries, eventLoop: home)
            outgoing.loop.execute {
                let replies = work.map { $0() }
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
