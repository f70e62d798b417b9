import EspritServer
import Synchronization

/// A service clock that returns from every sleep at once, recording how long it was asked to
/// wait and moving its time forward by that much: backoff sequences are checked exactly.
final class RecordingServiceClock: ServiceClock {
    private let state = Mutex<(sleeps: [Duration], elapsed: Duration)>(([], .zero))
    private let start = ContinuousClock.now

    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    var now: ContinuousClock.Instant { start + state.withLock { $0.elapsed } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(duration)
            state.elapsed += duration
        }
        await Task.yield()
    }
}
