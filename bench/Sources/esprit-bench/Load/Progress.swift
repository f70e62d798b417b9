import Dispatch
import Foundation
import Synchronization

/// Requests done so far, counted by every connection, for the once-a-second line on stderr.
/// The line also counts each second's slow answers, so that a tail can be placed in time (next
/// to the server's log of its checkpoints, say).
final class Progress: Sendable {
    private let done = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)
    private let slow = Atomic<Int>(0)
    /// An answer that took longer than this counts as slow.
    let slowNanoseconds: UInt64

    init(slowNanoseconds: UInt64 = 10_000_000) {
        self.slowNanoseconds = slowNanoseconds
    }

    func count(failed didFail: Bool, nanoseconds: UInt64) {
        done.add(1, ordering: .relaxed)
        if didFail { failed.add(1, ordering: .relaxed) }
        if nanoseconds > slowNanoseconds { slow.add(1, ordering: .relaxed) }
    }

    /// Prints a line per second until `stopAt` (uptime nanoseconds).
    func report(until stopAt: UInt64) async {
        var previous = (done: 0, slow: 0)
        let threshold = Double(slowNanoseconds) / 1e6
        while DispatchTime.now().uptimeNanoseconds < stopAt {
            try? await Task.sleep(for: .seconds(1))
            let done = done.load(ordering: .relaxed)
            let failed = failed.load(ordering: .relaxed)
            let slow = slow.load(ordering: .relaxed)
            FileHandle.standardError.write(Data("esprit-bench: \(Date().formatted(.iso8601.time(includingFractionalSeconds: false))) \(done - previous.done) req/s, \(slow - previous.slow) over \(threshold) ms, \(done) recorded, \(failed) failed\n".utf8))
            previous = (done, slow)
        }
    }
}
