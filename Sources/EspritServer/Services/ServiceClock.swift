/// The clock background services wait on; tests substitute one that records the waits and
/// returns at once, so backoff sequences are checked without waiting them out.
public protocol ServiceClock: Sendable {
    /// Monotonic time, for measuring how long a run took.
    var now: ContinuousClock.Instant { get }
    /// Waits `duration`; throws `CancellationError` when the waiting task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real monotonic clock.
public struct SystemServiceClock: ServiceClock {
    public init() {}

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public func sleep(for duration: Duration) async throws {
        try await ContinuousClock().sleep(for: duration)
    }
}
