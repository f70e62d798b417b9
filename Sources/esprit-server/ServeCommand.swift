import ArgumentParser
import Dispatch
import EspritGame
import EspritServer
import EspritStorage
import Foundation
import Logging
import ServiceLifecycle

extension Durability: ExpressibleByArgument {}

/// `esprit-server serve` (the default): load the checkpoint, replay the journal, listen, and run
/// the server and its background services in one `ServiceGroup` until SIGINT or SIGTERM.
///
/// Every setting comes from its flag, else its `ESPRIT_*` environment variable, else the default.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Recover the journal and serve clients (the default subcommand).",
        discussion: "Each flag falls back to an environment variable: ESPRIT_HOST, ESPRIT_PORT, ESPRIT_DATA_DIR, ESPRIT_SHARDS, ESPRIT_EVENT_LOOPS, ESPRIT_DURABILITY, ESPRIT_FORCE_RECOVERY, ESPRIT_ADMIN_KEY, ESPRIT_CONFIG, ESPRIT_LOG_LEVEL, ESPRIT_CHECKPOINT_INTERVAL, ESPRIT_CHECKPOINT_JOURNAL_BYTES, ESPRIT_JOURNAL_SEGMENT_BYTES, ESPRIT_GROUP_COMMIT_WINDOW_US, ESPRIT_SNAPSHOT_INTERVAL, ESPRIT_SNAPSHOT_KEEP, ESPRIT_SNAPSHOT_DIR, ESPRIT_BACKUP_DIR, " + LimitOptions.variables.joined(separator: ", ") + "."
    )

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port to listen on; 0 picks a free one (default 7777).")
    var port: Int?

    @Option(help: "Folder for the journal, created if missing (default ./data).")
    var dataDir: String?

    @Option(help: "Number of shards (default: number of cores).")
    var shards: Int?

    @Option(help: "Event-loop threads serving connections and shards (default: number of cores); a single loop syncs the journal itself.")
    var eventLoops: Int?

    @Option(help: "When a change counts as durable: fsync, write or none (default fsync).")
    var durability: Durability?

    @Flag(help: "Start even when the journal is damaged: skip bad records and log the lost LSNs.")
    var forceRecovery = false

    @Option(help: "Key for admin operations; none disables them.")
    var adminKey: String?

    @Option(help: "Game config file (JSON) overriding the embedded defaults; see `config print-default`.")
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: String?

    @Option(help: "Seconds between checkpoints (default 60).")
    var checkpointInterval: Int?

    @Option(help: "Checkpoint early once this many bytes were journaled since the last one began (default 268435456).")
    var checkpointJournalBytes: Int?

    @Option(help: "Start a new journal segment once the current one passes this many bytes (default 67108864).")
    var journalSegmentBytes: Int?

    @Option(help: "Microseconds the journal may wait to gather as many records as its last batch before it syncs; 0 syncs at once (default 1000).")
    var groupCommitWindowUs: Int?

    @Option(help: "Seconds between scheduled snapshots; 0 turns the exporter off (default 21600).")
    var snapshotInterval: Int?

    @Option(help: "Scheduled snapshots to keep (default 4).")
    var snapshotKeep: Int?

    @Option(help: "Folder for scheduled snapshots (default DATA_DIR/snapshots).")
    var snapshotDir: String?

    @Option(help: "Folder ADMIN_BACKUP writes its named backups into (default DATA_DIR/backups).")
    var backupDir: String?

    @OptionGroup(title: "Connection limits")
    var limits: LimitOptions

    func run() async throws {
        let environment = EnvironmentSettings(ProcessInfo.processInfo.environment)
        let configuration: ServerConfiguration
        let rules: Ruleset
        let level: Logger.Level
        do {
            configuration = try resolve(environment)
            rules = Ruleset(config: try loadGameConfig(environment))
            let levelName = logLevel ?? environment.string("ESPRIT_LOG_LEVEL") ?? "info"
            guard let parsed = Logger.Level(rawValue: levelName) else {
                throw ValidationError("unknown log level \(levelName)")
            }
            level = parsed
        } catch {
            FileHandle.standardError.write(Data("esprit-server: cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "esprit-server")
        if configuration.adminKey == nil {
            logger.notice("no admin key set (--admin-key or ESPRIT_ADMIN_KEY): admin operations are disabled")
        }
        let server: EspritServer
        do {
            server = try await EspritServer(configuration: configuration, rules: rules, logger: logger)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let group = server.serviceGroup(gracefulShutdownSignals: [.sigterm, .sigint])
        try await group.run()
    }

    /// Flags over `ESPRIT_*` variables over defaults.
    private func resolve(_ environment: EnvironmentSettings) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host ?? environment.string("ESPRIT_HOST") ?? configuration.host
        configuration.port = try port.map { try checked($0, "--port", 0...65_535) } ?? environment.int("ESPRIT_PORT", in: 0...65_535) ?? configuration.port
        configuration.dataDirectory = dataDir ?? environment.string("ESPRIT_DATA_DIR") ?? configuration.dataDirectory
        configuration.shardCount = try shards.map { try checked($0, "--shards", 1...4_096) } ?? environment.int("ESPRIT_SHARDS", in: 1...4_096) ?? configuration.shardCount
        configuration.eventLoopThreads = try eventLoops.map { try checked($0, "--event-loops", 1...1_024) }
            ?? environment.int("ESPRIT_EVENT_LOOPS", in: 1...1_024) ?? configuration.eventLoopThreads
        configuration.durability = try durability ?? environment.durability("ESPRIT_DURABILITY") ?? configuration.durability
        configuration.forceRecovery = try forceRecovery || (environment.bool("ESPRIT_FORCE_RECOVERY") ?? false)
        configuration.adminKey = adminKey ?? environment.string("ESPRIT_ADMIN_KEY")
        let interval = try checkpointInterval.map { try checked($0, "--checkpoint-interval", 1...86_400) }
            ?? environment.int("ESPRIT_CHECKPOINT_INTERVAL", in: 1...86_400)
        configuration.checkpointInterval = interval.map { .seconds($0) } ?? configuration.checkpointInterval
        configuration.checkpointJournalBytes = try checkpointJournalBytes.map { try checked($0, "--checkpoint-journal-bytes", 4_096...(1 << 40)) }
            ?? environment.int("ESPRIT_CHECKPOINT_JOURNAL_BYTES", in: 4_096...(1 << 40)) ?? configuration.checkpointJournalBytes
        configuration.journalSegmentBytes = try journalSegmentBytes.map { try checked($0, "--journal-segment-bytes", 4_096...(1 << 32)) }
            ?? environment.int("ESPRIT_JOURNAL_SEGMENT_BYTES", in: 4_096...(1 << 32)) ?? configuration.journalSegmentBytes
        if let micros = try groupCommitWindowUs.map({ try checked($0, "--group-commit-window-us", 0...1_000_000) })
            ?? environment.int("ESPRIT_GROUP_COMMIT_WINDOW_US", in: 0...1_000_000)
        {
            configuration.groupCommitWindow = .microseconds(micros)
        }
        let snapshotSeconds = try snapshotInterval.map { try checked($0, "--snapshot-interval", 0...(365 * 86_400)) }
            ?? environment.int("ESPRIT_SNAPSHOT_INTERVAL", in: 0...(365 * 86_400))
        if let snapshotSeconds {
            configuration.snapshotInterval = snapshotSeconds == 0 ? nil : .seconds(snapshotSeconds)
        }
        configuration.snapshotKeep = try snapshotKeep.map { try checked($0, "--snapshot-keep", 1...10_000) }
            ?? environment.int("ESPRIT_SNAPSHOT_KEEP", in: 1...10_000) ?? configuration.snapshotKeep
        configuration.snapshotDirectoryOverride = snapshotDir ?? environment.string("ESPRIT_SNAPSHOT_DIR")
        configuration.backupDirectoryOverride = backupDir ?? environment.string("ESPRIT_BACKUP_DIR")
        configuration.limits = try limits.resolve(environment)
        configuration.playerRateLimits = try limits.resolvePlayerRates(environment)
        configuration.keyRetention = try limits.resolveKeyRetention(environment)
        configuration.push = try limits.resolvePush(environment)
        if configuration.adminKey == "" {
            throw ValidationError("the admin key must not be empty")
        }
        return configuration
    }

    /// The embedded game config, overridden by `--config` or `ESPRIT_CONFIG` when given.
    private func loadGameConfig(_ environment: EnvironmentSettings) throws -> GameConfig {
        guard let path = config ?? environment.string("ESPRIT_CONFIG") else { return GameConfig() }
        return try GameConfigFile.load(path)
    }

    private func checked(_ value: Int, _ flag: String, _ range: ClosedRange<Int>) throws -> Int {
        guard range.contains(value) else { throw ValidationError("\(flag) must be \(range.lowerBound)–\(range.upperBound), got \(value)") }
        return value
    }
}
