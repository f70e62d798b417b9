import Foundation
import Synchronization

/// Where the server reads the time: rules never read a clock themselves (DESIGN.md), and tests
/// substitute a fake one.
public struct WallClock: Sendable {
    /// Milliseconds since the Unix epoch.
    public var now: @Sendable () -> Int64

    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    public static let system = WallClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// `base`, except that it never answers less than `floor` or than any answer it gave
    /// before: game time only moves forward, even when the machine's clock is set back (a
    /// second daily claim, energy or production from negative time) or was behind the times
    /// stored in the journal at start.
    public static func neverBackward(_ base: WallClock, floor: Int64) -> WallClock {
        let latest = LatestTime(floor)
        return WallClock { latest.advance(to: base.now()) }
    }
}

/// The highest time handed out so far, shared by every event loop.
private final class LatestTime: Sendable {
    private let value: Atomic<Int64>

    init(_ floor: Int64) {
        value = Atomic(floor)
    }

    /// `time`, or the highest time handed out if that is later.
    func advance(to time: Int64) -> Int64 {
        var current = value.load(ordering: .relaxed)
        while time > current {
            let (exchanged, original) = value.compareExchange(expected: current, desired: time, ordering: .relaxed)
            if exchanged { return time }
            current = original
        }
        return current
    }
}
