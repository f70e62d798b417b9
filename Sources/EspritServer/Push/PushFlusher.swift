import NIOCore

/// Flushes the `EVENT`s written to one loop's subscribers together, at most every
/// ``PushSettings/flushDelay``: one timer for the loop rather than one per connection, so
/// that under load the subscribers' sends leave in one burst per delay and a client machine
/// holding many of them is woken once for all, not once per connection at staggered times.
/// Used on its loop only.
final class PushFlusher {
    private let loop: any EventLoop
    private let delay: TimeAmount
    /// Connections that wrote events since the last flush, each once.
    private var due: [ConnectionHandler] = []
    /// What the running flush goes through, kept between flushes so neither array is regrown.
    private var flushing: [ConnectionHandler] = []
    private var scheduled = false

    init(loop: any EventLoop, delay: TimeAmount) {
        self.loop = loop
        self.delay = delay
    }

    /// Flushes `connection` with the others at the end of the current delay (in a later task
    /// when there is none). The connection asks once until ``ConnectionHandler/flushEvents()``.
    func flushSoon(_ connection: ConnectionHandler) {
        due.append(connection)
        guard !scheduled else { return }
        scheduled = true
        let flusher = NIOLoopBound(self, eventLoop: loop)
        if delay > .zero {
            loop.scheduleTask(in: delay) { flusher.value.flushAll() }
        } else {
            loop.execute { flusher.value.flushAll() }
        }
    }

    private func flushAll() {
        scheduled = false
        swap(&due, &flushing)
        for connection in flushing {
            connection.flushEvents()
        }
        flushing.removeAll(keepingCapacity: true)
    }
}
