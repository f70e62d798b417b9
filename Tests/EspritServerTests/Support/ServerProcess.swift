#if canImport(Glibc)
import Glibc
#endif
import EspritClient
import Foundation

/// `esprit-server` as a child process, for tests that kill it the way a crash would.
final class ServerProcess {
    let port: Int
    let dataDirectory: String
    let logPath: String
    private let process = Process()

    /// The binary SwiftPM built next to the test bundle, or `$ESPRIT_SERVER_BINARY`.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ESPRIT_SERVER_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("esprit-server")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/esprit-server")
    }

    /// Starts the server and waits until its own log says it listens, then takes the port from
    /// that line. `port` 0 lets the kernel choose (no two tests can collide); a restart passes
    /// the port of the previous run so clients find it again.
    ///
    /// - Parameter descriptorLimit: runs the server under `prlimit` with this soft and hard
    ///   `nofile` limit.
    init(port: Int = 0, dataDirectory: String, adminKey: String, logPath: String, extraArguments: [String] = [], descriptorLimit: Int? = nil) async throws {
        self.dataDirectory = dataDirectory
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let logStart = log.seekToEndOfFile()
        // Tests register players faster than an address's default five a minute.
        let arguments = ["--host", "127.0.0.1", "--port", "\(port)", "--data-dir", dataDirectory, "--admin-key", adminKey, "--registration-burst", "1000000"]
            + extraArguments
        if let descriptorLimit {
            // prlimit execs the server, so the child's pid stays the server's.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--nofile=\(descriptorLimit):\(descriptorLimit)", Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        for _ in 0..<800 {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            let ownLines = String(text.utf8.dropFirst(Int(logStart))) ?? ""
            if let line = ownLines.split(separator: "\n").first(where: { $0.contains("listening") }),
                let range = line.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let listening = Int(line[range].split(separator: ":").last!)
            {
                self.port = listening
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        process.terminate()
        throw ServerProcessError.didNotStart(log: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
    }

    /// A test that fails before it stops its server still stops it here.
    deinit {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The server's resident memory, from /proc.
    var residentBytes: Int {
        let statm = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The names of the server's threads, from /proc (NIO names its event loops `NIO-ELT-…`).
    var threadNames: [String] {
        let tasks = "/proc/\(process.processIdentifier)/task"
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
        return ids.compactMap { id in
            (try? String(contentsOfFile: "\(tasks)/\(id)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Whether the server process is still alive.
    var isRunning: Bool { process.isRunning }

    /// The descriptors the server holds open, from /proc.
    var openDescriptors: Set<Int> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd")) ?? []
        return Set(names.compactMap { Int($0) })
    }

    /// Sets the running server's soft `nofile` limit (its hard one stays), with `prlimit`: a
    /// descriptor the server opens from then on must be numbered below `soft`. Returns the soft
    /// limit before.
    @discardableResult
    func setSoftDescriptorLimit(_ soft: Int) throws -> Int {
        let limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
        guard let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") }),
            case let fields = line.split(separator: " ", omittingEmptySubsequences: true), fields.count >= 5,
            let before = Int(fields[3]), let hard = Int(fields[4])
        else { throw ServerProcessError.limit("no open-files line in /proc/\(process.processIdentifier)/limits") }
        let prlimit = Process()
        prlimit.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        prlimit.arguments = ["--pid", "\(process.processIdentifier)", "--nofile=\(soft):\(hard)"]
        try prlimit.run()
        prlimit.waitUntilExit()
        guard prlimit.terminationStatus == 0 else { throw ServerProcessError.limit("prlimit exited \(prlimit.terminationStatus)") }
        return before
    }

    /// SIGKILL: no chance to flush or clean up, like a crash or a power cut of the process.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then the exit status.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

enum ServerProcessError: Error, CustomStringConvertible {
    case didNotStart(log: String)
    case limit(String)

    var description: String {
        switch self {
        case let .didNotStart(log): "esprit-server did not start; its log:\n\(log.suffix(4000))"
        case let .limit(reason): "the server's descriptor limit could not be set: \(reason)"
        }
    }
}
