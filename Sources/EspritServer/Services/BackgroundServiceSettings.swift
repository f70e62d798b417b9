/// How often a background service runs and how it backs off after failures.
public struct BackgroundServiceSettings: Sendable, Equatable {
    /// The wait between the end of one successful run and the start of the next.
    public var interval: Duration
    /// After this many failed runs in a row the service stops and reports `failed`.
    public var maxConsecutiveFailures: Int
    /// The wait after the first failure; it doubles with each further failure in a row...
    public var retryDelay: Duration
    /// ...up to this.
    public var maxRetryDelay: Duration

    public init(interval: Duration, maxConsecutiveFailures: Int = 5, retryDelay: Duration = .seconds(5), maxRetryDelay: Duration = .seconds(300)) {
        self.interval = interval
        self.maxConsecutiveFailures = maxConsecutiveFailures
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
    }

    /// The wait before the next run after `failures` failed runs in a row (at least one).
    public func retryDelay(afterFailures failures: Int) -> Duration {
        var delay = retryDelay
        for _ in 1..<max(failures, 1) {
            delay = delay * 2
            if delay >= maxRetryDelay { return maxRetryDelay }
        }
        return min(delay, maxRetryDelay)
    }
}
