import ArgumentParser
import Dispatch
import EspritClient
import Foundation

/// `esprit-bench`: load against an esprit-server, closed or open loop, with HdrHistogram
/// latencies per operation, as a table and as JSON.
///
/// Each of `--connections` connections keeps `--depth` requests in flight (pipelining). Closed
/// loop sends the next request as soon as one is answered; `--rate` sends at a fixed total rate
/// instead and measures each latency from the request's intended send time.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esprit-bench",
        abstract: "Load against esprit-server: throughput and latency percentiles per operation."
    )

    @Option(help: "Server address (ignored with --spawn).") var host = "127.0.0.1"
    @Option(help: "Server port (ignored with --spawn).") var port = 7777
    @Option(help: "Concurrent connections.") var connections = 50
    @Option(help: "Requests in flight per connection.") var depth = 1
    @Option(help: "Threads of the generator, each with its own event loop (it shares the machine with the server).") var threads = 1
    @Option(help: "What to send: \(Workload.allCases.map(\.rawValue).joined(separator: ", ")).") var workload = Workload.read
    @Option(help: "Open loop: total requests per second, spread evenly; without it, closed loop.") var rate: Double?
    @Option(help: "Seconds of warm-up, not recorded.") var warmup = 2.0
    @Option(help: "Seconds recorded.") var duration = 10.0
    @Option(help: "Seed of the operation mix and targets.") var seed: UInt64 = 1
    @Option(help: "The once-a-second line on stderr counts the answers slower than this many milliseconds.") var slowMs = 10.0
    @Option(help: "Admin key (default: $ESPRIT_ADMIN_KEY); the grant and game workloads need it.") var adminKey: String?
    @Option(help: "Also write the report as JSON to this file.") var json: String?
    @Flag(help: "Start esprit-server for this run (on a free port) and stop it afterwards.") var spawn = false
    @Option(help: "With --spawn: the durability mode (fsync, write, none).") var durability = "fsync"
    @Option(help: "With --spawn: the data directory (default: a new temporary folder).") var dataDir: String?
    @Option(help: "With --spawn: the server binary (default: esprit-server next to this tool).") var serverBinary: String?
    @Option(help: "With --spawn: a game config file for the server (bench/quest-config.json for the quest comparison).") var serverConfig: String?
    @Flag(help: "With --spawn: keep the players' rate limits at the server's defaults (answers RATE_LIMITED count under 'limited').") var keepRateLimits = false
    @Flag(help: "Speak protocol v2 and send every change under a new idempotency key (grant, quest and game).") var idempotencyKeys = false
    @Flag(help: "Give every player a v2 connection subscribed to its events, which reads and drops them.") var subscribe = false
    @Option(help: "Run against a spawned redis-server instead: always (appendfsync always) or none (no AOF); grant and quest only.") var redis: RedisSpawner.Persistence?
    @Option(help: "Instead of a workload: register this many players, report the rate, and exit.") var populate: Int?

    func validate() throws {
        guard connections >= 1, depth >= 1, threads >= 1 else { throw ValidationError("--connections, --depth and --threads must be at least 1") }
        guard slowMs > 0, slowMs < 3_600_000 else { throw ValidationError("--slow-ms must be above 0 and below an hour") }
        guard warmup >= 0, duration > 0 else { throw ValidationError("--duration must be positive and --warmup not negative") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        if idempotencyKeys, workload == .read { throw ValidationError("--idempotency-keys: reads take no key") }
        if (idempotencyKeys || subscribe), redis != nil { throw ValidationError("--idempotency-keys and --subscribe are Esprit's") }
    }

    func run() async throws {
        if let redis {
            let peer = try await RedisSpawner(persistence: redis)
            defer { peer.stop() }
            let setup = try await RESPClient.connect(host: "127.0.0.1", port: peer.port)
            let traffics = try await RedisWorkload.prepare(workload, connections: connections, setup: setup)
            await setup.close()
            let measured = try await loadRun(port: peer.port).measure(traffics, serverPID: peer.pid)
            try finish(measured, target: "redis-server (\(redis.rawValue))")
            return
        }
        let server = spawn ? try await ServerSpawner(
            binary: serverBinary, durability: durability, dataDirectory: dataDir, adminKey: adminKey, config: serverConfig, keepRateLimits: keepRateLimits
        ) : nil
        defer { _ = server?.stop() }
        let key = server?.adminKey ?? adminKey ?? ProcessInfo.processInfo.environment["ESPRIT_ADMIN_KEY"]
        let targetPort = server?.port ?? port
        if let populate {
            let clients = try await (0..<connections).asyncMap { _ in
                try await EspritClient.connect(host: host, port: targetPort, clientName: "esprit-bench")
            }
            defer { Task { for client in clients { await client.close() } } }
            let elapsed = try await Populate.run(clients: clients, count: populate, depth: depth)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("registered   \(populate) players in \(String(format: "%.1f", seconds)) s (\(Int(Double(populate) / seconds)) per second)")
            return
        }
        let setup = try await EspritClient.connect(host: host, port: targetPort, clientName: "esprit-bench-setup")
        let (traffics, players) = try await workload.prepare(connections: connections, setup: setup, adminKey: key, keyed: idempotencyKeys)
        await setup.close()
        let subscribers = subscribe ? try SubscriberDrain(players: players, host: host, port: targetPort) : nil
        defer { subscribers?.stop() }
        let measured = try await loadRun(port: targetPort).measure(traffics, serverPID: server?.pid)
        try finish(measured, target: spawn ? "esprit-server (\(durability))" : "\(host):\(targetPort)")
    }

    private func loadRun(port: Int) -> LoadRun {
        LoadRun(host: redis == nil ? host : "127.0.0.1", port: port, depth: depth, rate: rate, warmup: warmup, duration: duration, seed: seed, threads: threads, slowMilliseconds: slowMs)
    }

    /// Prints the table and writes the JSON.
    private func finish(_ measured: (stats: StatsByOperation, serverCPU: Double?, generatorCPU: Double?), target: String) throws {
        let report = BenchReport(
            workload: workload.rawValue, target: target, connections: connections, depth: depth, rate: rate, seed: seed,
            warmup: warmup, duration: duration, stats: measured.stats, serverCPUSeconds: measured.serverCPU, generatorCPUSeconds: measured.generatorCPU
        )
        print(report.table)
        if let json {
            try report.json().write(to: URL(fileURLWithPath: json))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
