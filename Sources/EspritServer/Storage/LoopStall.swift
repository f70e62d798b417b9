#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How long a task held an event loop: wall time, which is what a request queued behind it
/// waited, and the loop thread's CPU time, which is what the task itself cost. On a busy
/// machine the two differ by the time the thread waited for a core.
struct LoopStall: Sendable, Comparable, CustomStringConvertible {
    var wall: Duration = .zero
    var cpu: Duration = .zero

    static func < (lhs: LoopStall, rhs: LoopStall) -> Bool { lhs.wall < rhs.wall }

    var description: String {
        "\(Self.milliseconds(wall)) ms (CPU \(Self.milliseconds(cpu)) ms)"
    }

    /// Runs `body` on the calling thread and measures it.
    static func measure<T>(_ body: () -> T) -> (T, LoopStall) {
        let wallStart = ContinuousClock.now
        let cpuStart = threadCPUTime()
        let result = body()
        return (result, LoopStall(wall: ContinuousClock.now - wallStart, cpu: threadCPUTime() - cpuStart))
    }

    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    private static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.2f", Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15)
    }
}
