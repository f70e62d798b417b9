import Foundation

/// `--spawn`: starts `esprit-server` for the run, on 127.0.0.1 and a port the kernel picks, with
/// the durability and data directory asked for, and stops it (SIGTERM) afterwards.
final class ServerSpawner {
    let port: Int
    /// The spawned process, for its CPU time.
    var pid: Int32 { process.processIdentifier }
    let adminKey: String
    let logPath: String
    private let process = Process()
    /// The temporary data directory this spawner made, removed by ``stop()``.
    private let temporaryData: String?

    /// - Parameters:
    ///   - binary: the server executable; by default the `esprit-server` built next to this tool.
    ///   - dataDirectory: by default a new temporary folder.
    /// - Parameter keepRateLimits: leave the players' rate limits at the server's defaults
    ///   instead of turning them off.
    init(binary: String?, durability: String, dataDirectory: String?, adminKey: String?, config: String?, keepRateLimits: Bool = false) async throws {
        let executable = binary ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("esprit-server").path
        let data = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("esprit-bench-\(UUID().uuidString)").path
        temporaryData = dataDirectory == nil ? data : nil
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        self.adminKey = adminKey ?? UUID().uuidString
        logPath = data + "/server.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        // Load runs register their players (up to millions) from one address, and measure the
        // server rather than a player's rate limit unless asked to keep it.
        let limits = ["--registration-burst", "1000000000"] + (keepRateLimits ? [] : ["--player-reads-per-second", "0", "--player-changes-per-second", "0"])
        process.arguments = [
            "--host", "127.0.0.1", "--port", "0", "--data-dir", data, "--durability", durability,
            "--admin-key", self.adminKey, "--snapshot-interval", "0",
        ] + limits + (config.map { ["--config", $0] } ?? [])
        process.standardOutput = log
        process.standardError = log
        try process.run()
        for _ in 0..<1_200 {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening") }),
                let range = line.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(line[range].split(separator: ":").last!)
            {
                self.port = port
                FileHandle.standardError.write(Data("esprit-bench: spawned \(executable) (\(durability)) on port \(port), data in \(data)\n".utf8))
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        process.terminate()
        throw SpawnError(log: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
    }

    /// SIGTERM, then the exit status; removes the data directory if this spawner made it.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        if let temporaryData { try? FileManager.default.removeItem(atPath: temporaryData) }
        return process.terminationStatus
    }

    struct SpawnError: Error, CustomStringConvertible {
        var log: String
        var description: String { "esprit-server did not start; its log:\n\(log.suffix(2_000))" }
    }
}
