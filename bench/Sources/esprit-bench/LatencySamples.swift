/// Request latencies of one run, in nanoseconds, with the percentiles the results report.
///
/// A sorted array is exact and fast enough for the few million samples of a short run.
struct LatencySamples {
    private(set) var nanoseconds: [UInt64] = []

    mutating func append(_ sample: UInt64) {
        nanoseconds.append(sample)
    }

    mutating func merge(_ other: LatencySamples) {
        nanoseconds.append(contentsOf: other.nanoseconds)
    }

    var count: Int { nanoseconds.count }

    /// The value below which `fraction` of the samples fall (nearest rank).
    func percentile(_ fraction: Double, sorted: [UInt64]) -> UInt64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// p50, p90, p99, p99.9 and max, in microseconds.
    func summary() -> [(label: String, micros: Double)] {
        let sorted = nanoseconds.sorted()
        return [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)].map {
            ($0.0, Double(percentile($0.1, sorted: sorted)) / 1_000)
        }
    }
}
