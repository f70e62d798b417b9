/// A background service's health, as `esprit admin services` shows it (the seed's
/// `get_health_status`).
public struct ServiceHealth: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Waiting for its next run, or running.
        case running
        case paused
        /// Stopped by request or by shutdown.
        case stopped
        /// Stopped after too many failures in a row.
        case failed
    }

    public var id: String
    public var status: Status
    public var consecutiveFailures: Int
    public var runs: Int
    /// Unix milliseconds when the last run started; nil before the first.
    public var lastRunAt: Int64?
    public var lastDuration: Duration?
    /// The last failure's message; cleared by the next success.
    public var lastError: String?
    /// Items processed over all runs.
    public var itemsProcessed: Int
}
