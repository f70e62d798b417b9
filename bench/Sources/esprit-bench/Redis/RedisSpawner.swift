#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation

/// Starts Debian's `redis-server` on 127.0.0.1 for a run: the peer Esprit is compared with.
final class RedisSpawner {
    /// What Redis does with writes before it answers.
    enum Persistence: String, CaseIterable {
        /// `appendonly yes`, `appendfsync always`: every write is fsynced before the reply, as
        /// Esprit's `fsync` mode.
        case always
        /// No AOF, no snapshots: memory only.
        case none
    }

    let port: Int
    /// The spawned process, for its CPU time.
    var pid: Int32 { process.processIdentifier }
    private let process = Process()
    private let directory: String

    init(persistence: Persistence, binary: String = "redis-server") async throws {
        port = try FreePort.pick()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("esprit-bench-redis-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var arguments = ["--bind", "127.0.0.1", "--port", "\(port)", "--dir", directory, "--save", "", "--protected-mode", "yes"]
        switch persistence {
        case .always: arguments += ["--appendonly", "yes", "--appendfsync", "always"]
        case .none: arguments += ["--appendonly", "no"]
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [binary] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        for _ in 0..<400 {
            if let client = try? await RESPClient.connect(host: "127.0.0.1", port: port) {
                let reply = try? await client.command("PING")
                await client.close()
                if reply == .simple("PONG") {
                    FileHandle.standardError.write(Data("esprit-bench: spawned redis-server (\(persistence.rawValue)) on port \(port)\n".utf8))
                    return
                }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        process.terminate()
        throw SpawnFailure(message: "redis-server did not start (is Debian's redis-server installed?)")
    }

    /// SIGKILL: the data is the benchmark's and is thrown away, and a Redis started from a Swift
    /// process may inherit a signal mask that blocks SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    struct SpawnFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension RedisSpawner.Persistence: ExpressibleByArgument {}
