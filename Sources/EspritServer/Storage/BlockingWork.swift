import Foundation
import Synchronization

/// Runs file and LMDB work off Swift's cooperative threads (two on this machine), which must
/// never block for the length of a checkpoint or an export.
///
/// The work itself runs on a thread of its own that is 5 nice levels below the server's (Linux
/// sets a nice value per thread): background work takes the cores the event loops leave,
/// instead of a fair share of them. A checkpoint under quest load at depth 16 takes a core for
/// 2–4 s, and at the server's priority it cut throughput by up to half while it ran; 5 levels
/// down (a third of the weight) it still gets a fifth of a core from a server that keeps both
/// cores busy, about what such a load journals per second needs to keep up (bench/RESULTS.md,
/// "The checkpoint, streamed"). A thread per run costs microseconds against runs seconds apart.
///
/// A lowered priority cannot be raised again without privilege, and a thread inherits its
/// creator's: so the lowered thread only runs the work and signals, and a dispatch worker at
/// the server's priority waits for it and resumes the caller. Resuming from the lowered thread
/// could make it the creator of the pool's next worker thread.
enum BlockingWork {
    /// How many nice levels below the server its background work runs.
    static let niceLevelsBelowServer: Int32 = 5

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let outcome = Mutex<Result<T, any Error>>(.failure(CancellationError()))
                let finished = DispatchSemaphore(value: 0)
                let thread = Thread {
                    lowerThisThreadsPriority()
                    let result = Result { try body() }
                    outcome.withLock { $0 = result }
                    finished.signal()
                }
                thread.start()
                finished.wait()
                continuation.resume(with: outcome.withLock { $0 })
            }
        }
    }

    /// Raises the calling thread's nice value (only this thread's, on Linux) by
    /// ``niceLevelsBelowServer``, up to the lowest priority there is. Lowering a priority needs
    /// no privilege; a failure leaves the thread as it was. Elsewhere the call would apply to
    /// the whole process, so it is Linux only.
    private static func lowerThisThreadsPriority() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let current = getpriority(which, 0)
        _ = setpriority(which, 0, min(current + niceLevelsBelowServer, 19))
        #endif
    }
}
