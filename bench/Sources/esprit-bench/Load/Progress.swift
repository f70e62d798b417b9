import Dispatch
import Foundation
import Synchronization

/// Requests done so far, counted by every connection, for the once-a-second line on stderr.
final class Progress: Sendable {
    private let done = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)

    func count(failed didFail: Bool) {
        done.add(1, ordering: .relaxed)
        if didFail { failed.add(1, ordering: .relaxed) }
    }

    /// Prints a line per second until `stopAt` (uptime nanoseconds).
    func report(until stopAt: UInt64) async {
        var previous = 0
        while DispatchTime.now().uptimeNanoseconds < stopAt {
            try? await Task.sleep(for: .seconds(1))
            let done = done.load(ordering: .relaxed)
            let failed = failed.load(ordering: .relaxed)
            FileHandle.standardError.write(Data("esprit-bench: \(done - previous) req/s, \(done) recorded, \(failed) failed\n".utf8))
            previous = done
        }
    }
}
