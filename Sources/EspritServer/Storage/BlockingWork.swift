import Dispatch

/// Runs file and LMDB work off Swift's cooperative threads (two on this machine), which must
/// never block for the length of a checkpoint or an export.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
