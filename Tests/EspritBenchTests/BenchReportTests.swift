@testable import esprit_bench
import Foundation
import Testing

@Suite struct BenchReportTests {
    /// Per-connection stats merge into per-operation percentiles, with refusals, rate limits and
    /// failures apart, and the JSON carries the same numbers as the table.
    @Test func slotsMergeIntoPercentilesPerOperation() throws {
        var firstQuests = OperationStats()
        for micros in 1...100 as ClosedRange<UInt64> {
            firstQuests.record(micros % 10 == 0 ? .refused : .answered, nanoseconds: micros * 1_000)
        }
        var secondQuests = OperationStats()
        for micros in 101...200 as ClosedRange<UInt64> {
            secondQuests.record(.answered, nanoseconds: micros * 1_000)
        }
        var profiles = OperationStats()
        profiles.record(.answered, nanoseconds: 5_000)
        profiles.record(.failed, nanoseconds: 9_000)
        profiles.record(.limited, nanoseconds: 1_000)
        profiles.record(.limited, nanoseconds: 1_000)
        var first = StatsByOperation()
        first.add("quest", firstQuests)
        var second = StatsByOperation()
        second.add("quest", secondQuests)
        second.add("profile", profiles)
        first.merge(second)

        let report = BenchReport(
            workload: "game", target: "test", connections: 2, depth: 1, rate: nil, seed: 7, warmup: 1, duration: 2, stats: first, serverCPUSeconds: 203e-6
        )
        let quest = try #require(report.operations.first { $0.name == "quest" })
        #expect(quest.requests == 200)
        #expect(quest.refused == 10)
        #expect(quest.throughput == 100)
        #expect(quest.p50Micros == 100)
        #expect(quest.maxMicros == 200)
        let profile = try #require(report.operations.first { $0.name == "profile" })
        #expect(profile.requests == 1)
        #expect(profile.errors == 1)
        #expect(profile.limited == 2)
        #expect(report.total.requests == 201)
        // The server answered the rate-limited requests too: 203 of them for 203 µs.
        #expect(abs((report.serverCPUMicrosPerRequest ?? 0) - 1) < 1e-9)
        #expect(report.sendLag == nil, "closed loop has no send lag")
        #expect(report.table.contains("quest"))

        let decoded = try JSONDecoder().decode(BenchReport.self, from: report.json())
        #expect(decoded.total.p99Micros == report.total.p99Micros)
        #expect(decoded.operations.map(\.name) == ["profile", "quest"])
    }
}
