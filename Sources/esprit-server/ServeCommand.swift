import ArgumentParser
import Dispatch
import EspritServer
import EspritStorage
import Foundation
import Logging

extension Durability: ExpressibleByArgument {}

/// `esprit-server serve` (the default): recover the journal, listen, run until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Recover the journal and serve clients (the default subcommand)."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port to listen on; 0 picks a free one.")
    var port = 7777

    @Option(help: "Folder for the journal (created if missing).")
    var dataDir = "./data"

    @Option(help: "Number of shards (default: number of cores).")
    var shards: Int?

    @Option(help: "When a change counts as durable: fsync, write or none.")
    var durability = Durability.fsync

    @Flag(help: "Start even when the journal is damaged: skip bad records and log the lost LSNs.")
    var forceRecovery = false

    @Option(help: "Key for admin operations (default: $ESPRIT_ADMIN_KEY; none disables them).")
    var adminKey: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535, got \(port)") }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1, got \(shards)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
        if let key = resolvedAdminKey, key.isEmpty { throw ValidationError("the admin key must not be empty") }
    }

    private var resolvedAdminKey: String? {
        adminKey ?? ProcessInfo.processInfo.environment["ESPRIT_ADMIN_KEY"]
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "esprit-server")
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = dataDir
        if let shards { configuration.shardCount = shards }
        configuration.durability = durability
        configuration.forceRecovery = forceRecovery
        configuration.adminKey = resolvedAdminKey
        if configuration.adminKey == nil {
            logger.notice("no admin key set (--admin-key or ESPRIT_ADMIN_KEY): admin operations are disabled")
        }

        let server: EspritServer
        do {
            server = try await EspritServer(configuration: configuration, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let signals = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber)
            source.setEventHandler {
                logger.info("signal received, stopping", metadata: ["signal": "\(signalNumber)"])
                Task { await server.stopAccepting() }
            }
            source.resume()
            return source
        }
        try await server.waitUntilClosed()
        try await server.shutdown()
        withExtendedLifetime(signals) {}
    }
}
