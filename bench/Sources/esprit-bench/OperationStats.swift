import Histogram

/// Latencies (HdrHistogram, microseconds, 3 significant digits) and error count of one
/// operation, as one load connection recorded them; connections are merged at the end.
struct OperationStats: Sendable {
    /// Answered requests, refusals by a game rule included.
    var latencies = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    /// Of those, refused by a game rule (INSUFFICIENT, LIMIT_REACHED…): the server did its job.
    var refused = 0
    /// Requests answered `RATE_LIMITED`: not in the latencies, which are the operation's.
    var limited = 0
    /// Requests that failed: the connection dropped, or UNAVAILABLE/INTERNAL.
    var errors = 0

    mutating func record(nanoseconds: UInt64) {
        _ = latencies.record(max(1, nanoseconds / 1_000))
    }

    /// One request's end: its latency unless it failed, and its outcome's count.
    mutating func record(_ outcome: LoadOutcome, nanoseconds: UInt64) {
        switch outcome {
        case .answered: record(nanoseconds: nanoseconds)
        case .refused:
            record(nanoseconds: nanoseconds)
            refused += 1
        case .limited: limited += 1
        case .failed: errors += 1
        }
    }

    mutating func merge(_ other: OperationStats) {
        latencies.add(other.latencies)
        refused += other.refused
        limited += other.limited
        errors += other.errors
    }
}

/// Every operation's stats, by operation name.
struct StatsByOperation: Sendable {
    private(set) var operations: [String: OperationStats] = [:]
    /// Open loop: how late each request left after the time it was due (the generator's own
    /// lateness, included in every latency above); its errors are requests that fell due but
    /// were never sent before the run ended.
    var sendLag = OperationStats()

    mutating func add(_ operation: String, _ stats: OperationStats) {
        operations[operation, default: OperationStats()].merge(stats)
    }

    mutating func merge(_ other: StatsByOperation) {
        sendLag.merge(other.sendLag)
        for (name, stats) in other.operations {
            operations[name, default: OperationStats()].merge(stats)
        }
    }
}
