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

    /// Starts the server and waits until it accepts a handshake.
    init(port: Int, dataDirectory: String, adminKey: String, logPath: String) async throws {
        self.port = port
        self.dataDirectory = dataDirectory
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.executableURL = Self.binary
        process.arguments = ["--host", "127.0.0.1", "--port", "\(port)", "--data-dir", dataDirectory, "--admin-key", adminKey]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        for _ in 0..<400 {
            if let client = try? await EspritClient.connect(host: "127.0.0.1", port: port) {
                await client.close()
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ServerProcessError.didNotStart(log: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
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

    /// A loopback port nobody listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

enum ServerProcessError: Error, CustomStringConvertible {
    case didNotStart(log: String)

    var description: String {
        switch self {
        case let .didNotStart(log): "esprit-server did not start; its log:\n\(log.suffix(4000))"
        }
    }
}
