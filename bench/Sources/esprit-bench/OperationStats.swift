import Histogram

/// Latencies (HdrHistogram, microseconds, 3 significant digits) and error count of one
/// operation, as one load slot recorded them; slots are merged at the end.
struct OperationStats: Sendable {
    /// Answered requests, refusals by a game rule included.
    var latencies = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    /// Of those, refused by a game rule (INSUFFICIENT, LIMIT_REACHED…): the server did its job.
    var refused = 0
    /// Requests that failed: the connection dropped, or UNAVAILABLE/INTERNAL.
    var errors = 0

    mutating func record(nanoseconds: UInt64) {
        _ = latencies.record(max(1, nanoseconds / 1_000))
    }

    mutating func merge(_ other: OperationStats) {
        latencies.add(other.latencies)
        refused += other.refused
        errors += other.errors
    }
}

/// Every operation's stats, by operation name.
struct StatsByOperation: Sendable {
    private(set) var operations: [String: OperationStats] = [:]
    /// Open loop: how late each request left after the time it was due (the generator's own
    /// timer lateness, included in every latency above).
    var sendLag = OperationStats()

    mutating func record(_ operation: String, nanoseconds: UInt64, refused: Bool) {
        operations[operation, default: OperationStats()].record(nanoseconds: nanoseconds)
        if refused { operations[operation, default: OperationStats()].refused += 1 }
    }

    mutating func recordError(_ operation: String) {
        operations[operation, default: OperationStats()].errors += 1
    }

    mutating func merge(_ other: StatsByOperation) {
        sendLag.merge(other.sendLag)
        for (name, stats) in other.operations {
            operations[name, default: OperationStats()].merge(stats)
        }
    }
}
