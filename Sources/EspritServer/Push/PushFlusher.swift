import NIOCore

/// Sends one loop's subscribers their queued `EVENT`s, all together, every
/// ``PushSettings/flushDelay`` while any are queued: first the loop's shards hand over their
/// followed players' new commits (``handOverSoon(_:)``), then each subscriber's commits that
/// the loop's durability gate has released through (``DurabilityGate/releasedThrough``) leave
/// in one write and one send.
///
/// Under load a subscriber gets a commit per request. Handing each to the socket as it became
/// durable cost a write, a buffer and a gate entry per commit, and a timer per connection sent
/// them at staggered times, so a client machine holding many subscribers was woken once per
/// connection; one timer per loop sends them in one burst per delay (bench/RESULTS.md). Used
/// on its loop only.
final class PushFlusher {
    private let loop: any EventLoop
    private let gate: DurabilityGate
    private let delay: TimeAmount
    /// Connections with queued pushes, each once (``ConnectionHandler/awaitsPushFlush``).
    private var due: [ConnectionHandler] = []
    /// What the running flush goes through, kept between flushes so neither array is regrown.
    private var flushing: [ConnectionHandler] = []
    /// Hand-overs the loop's shards asked for, each shard once per flush.
    private var handOvers: [() -> Void] = []
    private var handingOver: [() -> Void] = []
    private var scheduled = false

    init(loop: any EventLoop, gate: DurabilityGate, delay: TimeAmount) {
        self.loop = loop
        self.gate = gate
        // At least a millisecond: a subscriber waiting for the journal is looked at again
        // after each delay, and a delay of zero would look again in a loop.
        self.delay = max(delay, .milliseconds(1))
    }

    /// Sends what `connection` queued with the others at the end of the current delay, and at
    /// the end of each delay after while some of it waits for the journal.
    func flushSoon(_ connection: ConnectionHandler) {
        due.append(connection)
        schedule()
    }

    /// Runs `handOver` (a shard's, which queues its followed players' commits on their
    /// subscribers) at the end of the current delay, before the subscribers' sends.
    func handOverSoon(_ handOver: @escaping () -> Void) {
        handOvers.append(handOver)
        schedule()
    }

    private func schedule() {
        guard !scheduled, !due.isEmpty || !handOvers.isEmpty else { return }
        scheduled = true
        let flusher = NIOLoopBound(self, eventLoop: loop)
        loop.scheduleTask(in: delay) { flusher.value.flushAll() }
    }

    private func flushAll() {
        // While still scheduled, so that the subscribers the hand-overs queue on join this
        // flush rather than schedule another.
        swap(&handOvers, &handingOver)
        for handOver in handingOver {
            handOver()
        }
        handingOver.removeAll(keepingCapacity: true)
        scheduled = false
        swap(&due, &flushing)
        let through = gate.releasedThrough
        for connection in flushing where connection.sendPushes(through: through) {
            due.append(connection)
        }
        flushing.removeAll(keepingCapacity: true)
        schedule()
    }
}
