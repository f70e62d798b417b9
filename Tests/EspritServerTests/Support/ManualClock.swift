import EspritServer
import Synchronization

/// A clock the test moves by hand, for daily resets, regeneration and production.
final class ManualClock: Sendable {
    private let millis: Atomic<Int64>

    init(_ start: Int64) {
        millis = Atomic(start)
    }

    var now: Int64 { millis.load(ordering: .relaxed) }

    func set(_ milliseconds: Int64) {
        millis.store(milliseconds, ordering: .relaxed)
    }

    func advance(by milliseconds: Int64) {
        millis.add(milliseconds, ordering: .relaxed)
    }

    var wallClock: WallClock {
        WallClock { [self] in now }
    }
}
