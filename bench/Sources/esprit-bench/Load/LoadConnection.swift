import Dispatch
import Foundation
import Synchronization

/// One in-flight slot of a connection (a connection has `--depth` of them).
///
/// Closed loop: send, wait for the answer, send the next. Open loop: requests are due at fixed
/// intervals from the start, and each latency is measured from the time the request was due,
/// not from when it could be sent — a server that falls behind cannot hide its queue
/// (no coordinated omission).
struct LoadLoop {
    let driver: Workload.Driver
    var random: BenchRandom
    /// Nanoseconds between this slot's requests in open loop; nil in closed loop.
    let interval: UInt64?
    let recordFrom: UInt64
    let stopAt: UInt64
    let progress: Progress

    mutating func run(startingAt start: UInt64) async -> StatsByOperation {
        var stats = StatsByOperation()
        var due = start
        while true {
            var now = DispatchTime.now().uptimeNanoseconds
            if interval != nil {
                if due >= stopAt { break }
                if due > now {
                    try? await Task.sleep(nanoseconds: due - now)
                    now = DispatchTime.now().uptimeNanoseconds
                }
            } else {
                if now >= stopAt { break }
                due = now
            }
            if interval != nil && due >= recordFrom {
                stats.sendLag.record(nanoseconds: now - due)
            }
            let (operation, outcome) = await driver(&random)
            let done = DispatchTime.now().uptimeNanoseconds
            if due >= recordFrom {
                switch outcome {
                case .answered: stats.record(operation, nanoseconds: done - due, refused: false)
                case .refused: stats.record(operation, nanoseconds: done - due, refused: true)
                case .failed: stats.recordError(operation)
                }
                progress.count(failed: outcome == .failed)
            }
            if let interval { due += interval }
        }
        return stats
    }
}

/// Requests done so far, for the once-a-second line on stderr.
final class Progress: Sendable {
    private let counts = Mutex<(done: Int, failed: Int)>((0, 0))

    func count(failed: Bool) {
        counts.withLock { counts in
            counts.done += 1
            if failed { counts.failed += 1 }
        }
    }

    /// Prints a line per second until `stopAt`.
    func report(until stopAt: UInt64) async {
        var previous = 0
        while DispatchTime.now().uptimeNanoseconds < stopAt {
            try? await Task.sleep(for: .seconds(1))
            let (done, failed) = counts.withLock { $0 }
            FileHandle.standardError.write(Data("esprit-bench: \(done - previous) req/s, \(done) recorded, \(failed) failed\n".utf8))
            previous = done
        }
    }
}
