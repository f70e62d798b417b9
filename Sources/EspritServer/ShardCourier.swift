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

    /// Where one request's reply goes once it is back on this loop.
    private struct Delivery {
        var connection: ConnectionHandler
        var deliver: (ShardReply) -> Void
    }

    /// What waits to leave for one shard loop during this turn.
    private struct Outgoing {
        var loop: any EventLoop
        var errands: [Errand] = []
        var deliveries: [Delivery] = []
    }

    private let loop: any EventLoop
    private let statistics: ServerStatistics
    private var outbox: [ObjectIdentifier: Outgoing] = [:]
    /// How many errands each shard loop's last batch held: the next batch reserves that much,
    /// rather than growing its arrays from empty every turn.
    private var lastBatchSize: [ObjectIdentifier: Int] = [:]
    private var flushScheduled = false
    /// The connections a batch of replies reached, kept between batches like the durability
    /// gate's: each flushes once, after the whole batch.
    private var answered: [ConnectionHandler] = []

    init(loop: any EventLoop, statistics: ServerStatistics) {
        self.loop = loop
        self.statistics = statistics
    }

    /// Runs `work` on `shard` (on another loop) and `deliver`s its reply back on this loop, for
    /// `connection`, which flushes what the delivery wrote once its whole batch is delivered.
    func send(
        _ work: @escaping @Sendable (isolated Shard) -> ShardReply, to shard: Shard, for connection: ConnectionHandler,
        deliver: @escaping (ShardReply) -> Void
    ) {
        let key = ObjectIdentifier(shard.loop)
        if outbox[key] == nil {
            var outgoing = Outgoing(loop: shard.loop)
            let expected = lastBatchSize[key] ?? 0
            outgoing.errands.reserveCapacity(expected)
            outgoing.deliveries.reserveCapacity(expected)
            outbox[key] = outgoing
        }
        outbox[key]!.errands.append(Errand(shard: shard, work: work))
        outbox[key]!.deliveries.append(Delivery(connection: connection, deliver: deliver))
        guard !flushScheduled else { return }
        flushScheduled = true
        // After the current turn's reads: everything they sent leaves in one batch per loop.
        let courier = NIOLoopBound(self, eventLoop: loop)
        loop.execute { courier.value.flush() }
    }

    private func flush() {
        flushScheduled = false
        let home = loop
        let courier = NIOLoopBound(self, eventLoop: home)
        for (key, outgoing) in outbox {
            statistics.sentCrossingBatch()
            lastBatchSize[key] = outgoing.errands.count
            let errands = outgoing.errands
            let deliveries = NIOLoopBound(outgoing.deliveries, eventLoop: home)
            outgoing.loop.execute {
                let replies = errands.map { $0.shard.assumeIsolated($0.work) }
                home.execute { courier.value.deliver(replies, to: deliveries.value) }
            }
        }
        outbox.removeAll(keepingCapacity: true)
    }

    /// Hands a batch its replies, then flushes each connection they reached once. Replies whose
    /// change is durable by now are written at once, and a flush per reply would cost a socket
    /// write each (profiled under grant at depth 16, where half of the grants cross).
    private func deliver(_ replies: [ShardReply], to deliveries: [Delivery]) {
        for (delivery, reply) in zip(deliveries, replies) {
            delivery.connection.holdFlush()
            delivery.deliver(reply)
            if answered.last !== delivery.connection { answered.append(delivery.connection) }
        }
        for connection in answered {
            connection.releaseFlush()
        }
        answered.removeAll(keepingCapacity: true)
    }
}
