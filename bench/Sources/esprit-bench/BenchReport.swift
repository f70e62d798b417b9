import Foundation

/// What one run measured: per operation, throughput, latency percentiles and errors; printed
/// as a table and written as JSON for RESULTS.md and scripts.
struct BenchReport: Codable {
    struct Operation: Codable {
        var name: String
        var requests: UInt64
        var refused: Int
        /// Answered `RATE_LIMITED` (only when the server keeps its players' rate limits).
        var limited: Int
        var errors: Int
        var throughput: Double
        var p50Micros: UInt64
        var p90Micros: UInt64
        var p99Micros: UInt64
        var p999Micros: UInt64
        var maxMicros: UInt64
    }

    var workload: String
    var target: String
    var connections: Int
    var depth: Int
    /// Requests per second asked for in open loop; nil in closed loop.
    var rate: Double?
    var seed: UInt64
    var warmupSeconds: Double
    var durationSeconds: Double
    var operations: [Operation]
    var total: Operation
    /// Open loop only: how late requests left after their due time, already part of every
    /// latency (the generator's timer, not the server).
    var sendLag: Operation?
    /// CPU (user plus system, every thread) per recorded request, in microseconds: of the
    /// server when the tool spawned it (nil otherwise), and of this generator. Requests
    /// answered `RATE_LIMITED` count as requests here: the server answered them too.
    var serverCPUMicrosPerRequest: Double?
    var generatorCPUMicrosPerRequest: Double?

    init(
        workload: String, target: String, connections: Int, depth: Int, rate: Double?, seed: UInt64, warmup: Double, duration: Double, stats: StatsByOperation,
        serverCPUSeconds: Double? = nil, generatorCPUSeconds: Double? = nil
    ) {
        self.workload = workload
        self.target = target
        self.connections = connections
        self.depth = depth
        self.rate = rate
        self.seed = seed
        warmupSeconds = warmup
        durationSeconds = duration
        operations = stats.operations.sorted { $0.key < $1.key }.map { Self.summary($0.key, $0.value, duration: duration) }
        var all = OperationStats()
        for (_, stats) in stats.operations { all.merge(stats) }
        total = Self.summary("all", all, duration: duration)
        sendLag = rate == nil ? nil : Self.summary("send lag", stats.sendLag, duration: duration)
        let requests = Double(max(total.requests + UInt64(total.limited), 1))
        serverCPUMicrosPerRequest = serverCPUSeconds.map { $0 * 1e6 / requests }
        generatorCPUMicrosPerRequest = generatorCPUSeconds.map { $0 * 1e6 / requests }
    }

    private static func summary(_ name: String, _ stats: OperationStats, duration: Double) -> Operation {
        let histogram = stats.latencies
        return Operation(
            name: name, requests: histogram.totalCount, refused: stats.refused, limited: stats.limited, errors: stats.errors,
            throughput: Double(histogram.totalCount) / duration,
            p50Micros: histogram.valueAtPercentile(50), p90Micros: histogram.valueAtPercentile(90), p99Micros: histogram.valueAtPercentile(99),
            p999Micros: histogram.valueAtPercentile(99.9), maxMicros: histogram.max
        )
    }

    /// The human table: one row per operation, then the total.
    var table: String {
        var lines = [
            "\(workload) against \(target): \(connections) connections × depth \(depth), " + (rate.map { "open loop at \(Int($0)) req/s" } ?? "closed loop")
                + ", seed \(seed), \(durationSeconds) s recorded after \(warmupSeconds) s warm-up",
            "operation        req/s   p50 µs   p90 µs   p99 µs p99.9 µs   max µs refused  errors limited",
        ]
        for operation in operations + (operations.count > 1 ? [total] : []) + (sendLag.map { [$0] } ?? []) {
            lines.append(
                operation.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + [String(Int(operation.throughput.rounded())), "\(operation.p50Micros)", "\(operation.p90Micros)", "\(operation.p99Micros)", "\(operation.p999Micros)", "\(operation.maxMicros)"]
                    .map { $0.leftPadded(9) }.joined() + String(operation.refused).leftPadded(8) + String(operation.errors).leftPadded(8)
                    + String(operation.limited).leftPadded(8)
            )
        }
        let cpu = [("server", serverCPUMicrosPerRequest), ("generator", generatorCPUMicrosPerRequest)].compactMap { name, micros in
            micros.map { "\(name) \(String(format: "%.1f", $0)) µs" }
        }
        if !cpu.isEmpty { lines.append("CPU per request: " + cpu.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
