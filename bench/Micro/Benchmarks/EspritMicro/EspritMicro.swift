import Benchmark
import Dispatch
import EspritGame
import EspritProtocol
import EspritServer
import EspritStorage
import Foundation
import Logging
import NIOCore

/// One benchmark per hot path the load benchmarks exercise, so a regression shows up here with
/// its allocation count before it blurs into a throughput figure. The committed thresholds
/// (`Thresholds/`) hold p90 wall-clock time and allocations; see bench/RESULTS.md.
///
/// Names carry no spaces or slashes: the tool writes threshold files under a name with those
/// replaced but reads them back under the name as written.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        maxDuration: .seconds(3),
        // Allocation counts are exact; time on this shared 2-core machine moves by tens of
        // percent between runs, so only a slowdown of more than 75 % fails the check.
        thresholds: [
            .mallocCountTotal: .init(absolute: [.p90: 2]),
            .wallClock: .init(relative: [.p90: 75]),
        ]
    )

    let fixtures = Fixtures()

    Benchmark("frame_encode:ADMIN_GRANT_request") { benchmark in
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256)
        for _ in benchmark.scaledIterations {
            buffer.clear()
            fixtures.grantFrame.encode(into: &buffer)
            blackHole(buffer.readableBytes)
        }
    }

    Benchmark("frame_decode:ADMIN_GRANT_request") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ClientFrame.decode(body: fixtures.grantBody))
        }
    }

    Benchmark("frame_encode:QUEST_response_with_events") { benchmark in
        var buffer = ByteBuffer()
        buffer.reserveCapacity(1024)
        for _ in benchmark.scaledIterations {
            buffer.clear()
            fixtures.questResponse.encode(into: &buffer)
            blackHole(buffer.readableBytes)
        }
    }

    Benchmark("rule:quest_outcome_for_player") { benchmark in
        for _ in benchmark.scaledIterations {
            // The same seed every time: the same lumees and capture roll, so the same allocations.
            var random = SeededRandom(seed: 3)
            let outcome = try QuestRule.run(player: fixtures.player, zone: 1, context: fixtures.context, rules: fixtures.rules, random: &random)
            blackHole(outcome)
        }
    }

    // The server's cost of one request, end to end in one process (RequestPath.swift): the
    // allocations per iteration are the server's, from the bytes read to the answer written.
    let requestPath = RequestPathFixture.shared
    for (name, client, frame) in [
        ("request_path:ADMIN_GRANT", \RequestPathFixture.admin, requestPath.grant),
        ("request_path:QUEST", \RequestPathFixture.player, requestPath.quest),
        ("request_path:GET_PROFILE", \RequestPathFixture.player, requestPath.profile),
    ] {
        Benchmark(
            name,
            // A loopback round trip with two thread wake-ups: its time moves too much on this
            // machine to be worth a threshold, so only the allocations are measured.
            configuration: .init(metrics: [.mallocCountTotal], thresholds: [.mallocCountTotal: .init(absolute: [.p90: 2])]),
            closure: { benchmark in
                let client = requestPath[keyPath: client]
                for _ in benchmark.scaledIterations {
                    blackHole(try client.call(frame))
                }
            },
            setup: { try await requestPath.start() },
            teardown: { try await requestPath.stop() }
        )
    }

    // A grant under a new idempotency key each time, over v2: past the first 1 024 the player
    // is at its bound, and each key replaces its oldest (the keyed load of push-cost.sh).
    Benchmark(
        "request_path:ADMIN_GRANT_keyed",
        configuration: .init(metrics: [.mallocCountTotal], thresholds: [.mallocCountTotal: .init(absolute: [.p90: 2])]),
        closure: { benchmark in
            let client = requestPath.keyedAdmin
            var frame = requestPath.keyedGrant
            for _ in benchmark.scaledIterations {
                let number = requestPath.lastKey.add(1, ordering: .relaxed).newValue
                frame.withUnsafeMutableBytes { $0.storeBytes(of: number, toByteOffset: requestPath.keyOffset, as: UInt64.self) }
                blackHole(try client.call(frame))
            }
        },
        setup: { try await requestPath.start() },
        teardown: { try await requestPath.stop() }
    )

    /// A sync's time is the disk's, not the code's: it moves with the machine (0.13 ms on the
    /// first one, 0.25 ms with a p99 of 2–3 ms on today's; `bench/scripts/sync-cost.sh` measures
    /// it), so the journal's benchmarks check their allocations only.
    let syncMetrics: [BenchmarkMetric] = [.mallocCountTotal]

    Benchmark("journal:1_grant_record_durable_fsync", configuration: .init(metrics: syncMetrics, maxDuration: .seconds(5))) { benchmark in
        let journal = try JournalUnderTest()
        defer { journal.close() }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            journal.appendAndWait(records: 1, payload: fixtures.grantPayload)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("journal:64_grant_records_one_group_commit_fsync", configuration: .init(metrics: syncMetrics, maxDuration: .seconds(5))) { benchmark in
        let journal = try JournalUnderTest()
        defer { journal.close() }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            journal.appendAndWait(records: 64, payload: fixtures.grantPayload)
        }
        benchmark.stopMeasurement()
    }

    Benchmark(
        "LMDB:checkpoint_of_10000_players",
        configuration: .init(maxDuration: .seconds(10), maxIterations: 20, thresholds: [.mallocCountTotal: .init(relative: [.p90: 5]), .wallClock: .init(relative: [.p90: 75])])
    ) { benchmark in
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let store = try CheckpointStore(directory: directory.path, mapSize: 256 << 20)
        let players = fixtures.tenThousandPlayers
        var lsn: UInt64 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            lsn += 1
            try store.write(players: players, lsn: lsn)
        }
        benchmark.stopMeasurement()
    }
}

/// The inputs every benchmark shares, built once, outside any measurement.
final class Fixtures: Sendable {
    let rules = Ruleset(config: GameConfig())
    let context = CommandContext(correlationId: "bench", commandId: "bench-1", now: 1_795_219_200_000)
    let player: PlayerState
    let grantFrame = ClientFrame.request(RequestFrame(requestId: 7, correlationId: "", request: AdminGrantRequest(playerId: 42, currency: 0, amount: 1)))
    let grantBody: ByteBuffer
    let questResponse: ServerFrame
    let grantPayload: [UInt8]
    let tenThousandPlayers: [CheckpointedPlayer]

    init() {
        var random = SystemRandomNumberGenerator()
        player = Self.registered(id: 1, rules: rules, context: context, random: &random)
        var buffer = ByteBuffer()
        grantFrame.encode(into: &buffer)
        grantBody = buffer.getSlice(at: 4, length: buffer.readableBytes - 4)!
        // What a zone-1 quest answers: energy spent, lumees paid, the quest itself.
        let questEvents: [WireEvent] = [
            .energyChanged(value: 54, asOf: context.now, reason: "quest"),
            .currencyChanged(currency: 0, delta: 52, balanceAfter: 1_052, reason: "quest"),
            .questCompleted(zone: 1, xpGained: 10, xpAfter: 10, lumees: 52, captured: 0),
        ]
        questResponse = .response(ResponseFrame(requestId: 7, answering: QuestRequest.self, EventsResponse(events: questEvents)))
        let grant = (try? GrantRule.run(player: player, currency: .lumees, amount: 1, context: context, rules: rules).events) ?? []
        grantPayload = EventCodec.encode(grant)
        let rules = rules
        let context = context
        tenThousandPlayers = (1...10_000).map { id in
            var player = Self.registered(id: UInt64(id), rules: rules, context: context, random: &random)
            // A typical collection: 20 stacks.
            for entry in rules.config.catalog.prefix(20) where player.esprits[entry.id] == nil {
                player.esprits.set(baseId: entry.id, count: 1, stars: 0)
            }
            return CheckpointedPlayer(state: player, lsn: UInt64(id))
        }
    }

    private static func registered(id: UInt64, rules: Ruleset, context: CommandContext, random: inout some RandomNumberGenerator) -> PlayerState {
        let events = try! RegisterRule.run(playerId: id, name: "player\(id)", tokenHash: Array(repeating: 7, count: 32), context: context, rules: rules, random: &random).events
        return PlayerState(replaying: events)
    }
}

/// SplitMix64, so a benchmark's random draws repeat exactly.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A journal in a fresh folder, with a way to wait until records are durable.
final class JournalUnderTest: Sendable {
    private let folder: TemporaryFolder
    private let journal: Journal
    private let committed = DispatchSemaphore(value: 0)

    init() throws {
        folder = try TemporaryFolder()
        journal = try Journal(configuration: JournalConfiguration(directory: folder.path), logger: Logger(label: "micro"), onFailure: { _ in }, replay: { _, _ in })
        journal.addDurabilityListener { [committed] _ in committed.signal() }
    }

    /// Appends `records` copies of `payload` and returns once the last one is durable.
    func appendAndWait(records: Int, payload: [UInt8]) {
        var last: UInt64 = 0
        for _ in 0..<records {
            last = journal.append(payload) ?? last
        }
        while journal.durableLSN < last { committed.wait() }
    }

    func close() {
        journal.close()
        folder.remove()
    }
}

/// A folder under the system's temporary directory, removed by ``remove()``.
struct TemporaryFolder: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "esprit-micro-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
