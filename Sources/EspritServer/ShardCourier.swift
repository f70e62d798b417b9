import EspritStorage
import NIOCore
import Synchronization

/// Carries requests from one event loop to shards on other loops in batches: one `execute` to
/// each shard loop per turn of this loop, instead of a cross-thread wake-up per request.
///
/// The answers come back without waking this loop: a batch's replies are left in its
/// ``Arrivals``, and the loop takes them when the journal's next commit wakes it (every commit
/// wakes every loop, for its durability gate), just before the gate releases what that commit
/// made durable. Only a batch whose changes are durable already (or that changed nothing)
/// wakes the loop itself, since no later commit may come for it. Under load at depth 1, where
/// a turn carries one or two requests, this halves the wake-ups a crossing costs.
///
/// A logged-in player's requests do not need it once the connection has moved to its player's
/// loop (only a connection that could not move does); admin operations on players of other
/// loops do, and an admin connection granting to many players sends most of its requests
/// through here. Requests for one shard run in the order
/// they were sent; answers come back in that order too.
///
/// One courier per event loop, used only on that loop, so it needs no lock but for its
/// ``Arrivals``, which the shards' loops post to.
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

    /// One turn's errands for one shard loop and where their replies go, handed to that loop
    /// and emptied there, so that the arrays leave with the replies rather than with the task.
    ///
    /// Why: glibc's `free` of memory another thread allocated takes that thread's arena lock
    /// once the freeing thread's cache is full. The errands' closures are allocated on this
    /// loop; freed on the shard's loop after its task ran, they made the two loops meet at this
    /// loop's arena lock and sleep there (`perf record -e sched:sched_switch --call-graph
    /// dwarf`: nearly all the loops' sleeps on glibc's locks were in that free). Carried back,
    /// they are freed here. `@unchecked`: filled here before the task is queued and emptied
    /// once by the task on the shard's loop; the queue's hand-over orders the two.
    private final class Parcel: @unchecked Sendable {
        private var errands: [Errand]
        private var deliveries: NIOLoopBound<[Delivery]>?

        init(_ outgoing: Outgoing, home: any EventLoop) {
            errands = outgoing.errands
            deliveries = NIOLoopBound(outgoing.deliveries, eventLoop: home)
        }

        /// The errands and deliveries, leaving the parcel empty. Called once.
        func unpack() -> (errands: [Errand], deliveries: NIOLoopBound<[Delivery]>) {
            defer { (errands, deliveries) = ([], nil) }
            return (errands, deliveries!)
        }
    }

    /// What waits to leave for one shard loop during this turn.
    private struct Outgoing {
        var loop: any EventLoop
        var errands: [Errand] = []
        var deliveries: [Delivery] = []
    }

    /// Replies that came back from other loops and wait for this loop to take them; the only
    /// part of the courier other loops touch.
    private final class Arrivals: Sendable {
        /// One batch's replies, with where each goes (usable on this loop only), and the errands
        /// that made them, which come home to be freed where they were allocated.
        struct Batch: Sendable {
            var replies: [ShardReply]
            var deliveries: NIOLoopBound<[Delivery]>
            var errands: [Errand]
        }

        private let batches = Mutex<[Batch]>([])

        func post(_ batch: Batch) {
            batches.withLock { $0.append(batch) }
        }

        func takeAll() -> [Batch] {
            batches.withLock { batches in
                var taken: [Batch] = []
                swap(&taken, &batches)
                return taken
            }
        }
    }

    private let loop: any EventLoop
    private let journal: Journal
    private let statistics: ServerStatistics
    private let arrivals = Arrivals()
    private var outbox: [ObjectIdentifier: Outgoing] = [:]
    /// How many errands each shard loop's last batch held: the next batch reserves that much,
    /// rather than growing its arrays from empty every turn.
    private var lastBatchSize: [ObjectIdentifier: Int] = [:]
    private var flushScheduled = false
    /// The connections a batch of replies reached, kept between batches like the durability
    /// gate's: each flushes once, after the whole batch.
    private var answered: [ConnectionHandler] = []

    init(loop: any EventLoop, journal: Journal, statistics: ServerStatistics) {
        self.loop = loop
        self.journal = journal
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
        let (arrivals, journal) = (self.arrivals, self.journal)
        for (key, outgoing) in outbox {
            statistics.sentCrossingBatch()
            lastBatchSize[key] = outgoing.errands.count
            let parcel = Parcel(outgoing, home: home)
            outgoing.loop.execute {
                let (errands, deliveries) = parcel.unpack()
                let replies = errands.map { $0.shard.onLoop($0.work) }
                let newest = replies.reduce(0) { max($0, $1.lsn) }
                arrivals.post(
                    Arrivals.Batch(replies: replies, deliveries: consume deliveries, errands: consume errands))
                // Checked after posting: a commit that made `newest` durable before the batch
                // was posted woke the home loop too early to find it; the check then sees that
                // commit, and wakes the loop itself.
                if journal.durableLSN >= newest {
                    home.execute { courier.value.takeArrivals() }
                }
            }
        }
        outbox.removeAll(keepingCapacity: true)
    }

    /// Delivers every batch of replies that came back. The loop calls this when a commit wakes
    /// it, before its durability gate releases what the commit made durable.
    func takeArrivals() {
        for batch in arrivals.takeAll() {
            deliver(batch.replies, to: batch.deliveries.value)
        }
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
