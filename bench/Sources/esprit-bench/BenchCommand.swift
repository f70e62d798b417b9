import ArgumentParser
import Dispatch
import EspritClient
import Foundation

/// `esprit-bench`: a closed-loop load generator against a running server.
///
/// Each of `--connections` connections keeps `--depth` requests in flight (pipelining), sends
/// the next as soon as one is answered, and records each request's latency after the warm-up.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esprit-bench",
        abstract: "Closed-loop load against a running esprit-server: throughput and latency percentiles."
    )

    @Option(help: "Server address.") var host = "127.0.0.1"
    @Option(help: "Server port.") var port = 7777
    @Option(help: "Concurrent connections.") var connections = 50
    @Option(help: "Requests in flight per connection.") var depth = 1
    @Option(help: "What to send: \(Workload.allCases.map(\.rawValue).joined(separator: ", ")).") var workload = Workload.read
    @Option(help: "Seconds of warm-up, not recorded.") var warmup = 2.0
    @Option(help: "Seconds recorded.") var duration = 10.0
    @Option(help: "Admin key (default: $ESPRIT_ADMIN_KEY); needed by the grant workload.") var adminKey: String?
    @Option(help: "Instead of a workload: register this many players, report the rate, and exit.") var populate: Int?

    func validate() throws {
        guard connections >= 1, depth >= 1 else { throw ValidationError("--connections and --depth must be at least 1") }
        guard warmup >= 0, duration > 0 else { throw ValidationError("--duration must be positive and --warmup not negative") }
    }

    func run() async throws {
        let key = adminKey ?? ProcessInfo.processInfo.environment["ESPRIT_ADMIN_KEY"]
        let clients = try await (0..<connections).asyncMap { _ in
            try await EspritClient.connect(host: host, port: port, clientName: "esprit-bench")
        }
        if let populate {
            let elapsed = try await Populate.run(clients: clients, count: populate, depth: depth)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("registered   \(populate) players in \(String(format: "%.1f", seconds)) s (\(Int(Double(populate) / seconds)) per second)")
            for client in clients { await client.close() }
            return
        }
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        var players: [UInt64] = []
        var tokens: [[UInt8]] = []
        for index in 0..<connections {
            let registered = try await clients[0].register(name: "b\(suffix)_\(index)")
            players.append(registered.playerId)
            tokens.append(registered.token)
        }
        var operations: [@Sendable () async throws -> Void] = []
        for (index, client) in clients.enumerated() {
            operations.append(try await workload.prepare(client, index: index, players: players, tokens: tokens, adminKey: key))
        }

        let start = DispatchTime.now().uptimeNanoseconds
        let recordFrom = start + UInt64(warmup * 1e9)
        let stopAt = recordFrom + UInt64(duration * 1e9)
        FileHandle.standardError.write(Data("esprit-bench: \(workload.rawValue), \(connections) connections × depth \(depth), \(warmup)s warm-up, \(duration)s recorded\n".utf8))
        let (samples, errors) = await withTaskGroup(of: (LatencySamples, Int).self) { group in
            for operation in operations {
                for _ in 0..<depth {
                    group.addTask { await Self.loop(operation, recordFrom: recordFrom, stopAt: stopAt) }
                }
            }
            var all = LatencySamples()
            var errors = 0
            for await (samples, failed) in group {
                all.merge(samples)
                errors += failed
            }
            return (all, errors)
        }
        for client in clients { await client.close() }

        let throughput = Double(samples.count) / duration
        print("workload     \(workload.rawValue)")
        print("connections  \(connections) × depth \(depth)")
        print("requests     \(samples.count) in \(duration) s, \(errors) errors")
        print("throughput   \(Int(throughput.rounded())) req/s")
        for (label, micros) in samples.summary() {
            print("\(label.padding(toLength: 13, withPad: " ", startingAt: 0))\(String(format: "%.1f", micros)) µs")
        }
    }

    /// One in-flight slot: send, wait, record, repeat until `stopAt`. Only answered requests are
    /// timed; failures are counted apart, so a failing server cannot look fast.
    private static func loop(_ operation: @Sendable () async throws -> Void, recordFrom: UInt64, stopAt: UInt64) async -> (LatencySamples, Int) {
        var samples = LatencySamples()
        var errors = 0
        while true {
            let sent = DispatchTime.now().uptimeNanoseconds
            if sent >= stopAt { break }
            do {
                try await operation()
                if sent >= recordFrom { samples.append(DispatchTime.now().uptimeNanoseconds - sent) }
            } catch {
                if sent >= recordFrom { errors += 1 }
            }
        }
        return (samples, errors)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
