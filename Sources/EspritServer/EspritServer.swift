#if canImport(Glibc)
import Glibc
#endif
import EspritGame
import EspritProtocol
import EspritStorage
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// The whole server: loads the checkpoint, replays the journal after it, starts the shards and
/// listens.
///
/// Usable in-process (tests start one on port 0 and read ``localPort``) and by `esprit-server`,
/// which runs it as the first service of a `ServiceGroup` followed by ``backgroundServices``:
/// on SIGTERM or SIGINT the group stops the background services, then this one, which stops
/// accepting, lets in-flight requests finish, flushes the journal and checkpoints.
public final class EspritServer: Service, Sendable {
    public let configuration: ServerConfiguration
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    let journal: Journal
    private let context: ServerContext
    private let checkpointer: Checkpointer
    /// The checkpointer (and, when configured, the snapshot exporter), for the `ServiceGroup`.
    public let backgroundServices: BackgroundServiceRegistry
    private let channel: any Channel
    /// How requests were routed since start-up.
    public let statistics: ServerStatistics

    /// Recovers state from the journal and starts listening.
    ///
    /// - Throws: ``JournalError`` when the journal is damaged (see `--force-recovery`), or the
    ///   bind error when the address is taken.
    /// - Parameter observers: shown every player recovered, then every change committed (see
    ///   ``CommitObserver``).
    public convenience init(
        configuration: ServerConfiguration, rules: Ruleset = .default, clock: WallClock = .system, logger: Logger, observers: [any CommitObserver] = []
    ) async throws {
        try await self.init(configuration: configuration, rules: rules, clock: clock, logger: logger, observers: observers, links: [])
    }

    /// - Parameter links: middleware links that run after the standard ones (see ``RequestMiddleware``).
    init(
        configuration: ServerConfiguration, rules: Ruleset, clock: WallClock, logger: Logger, observers: [any CommitObserver], links: [any RequestLink]
    ) async throws {
        self.configuration = configuration
        self.logger = logger
        let statistics = ServerStatistics()
        self.statistics = statistics
        let descriptorLimit = DescriptorBudget.raiseSoftLimit(logger: logger)
        let targets = try AdminFileTargets(configuration: configuration)
        let checkpoints = try CheckpointStore(directory: configuration.checkpointDirectory)
        let checkpoint = try checkpoints.load()
        let discarded = try checkpoints.discardLedgerAhead()
        if discarded > 0 {
            logger.info("ledger entries of an unfinished checkpoint discarded; the next checkpoint writes them again from the journal", metadata: ["keys": "\(discarded)"])
        }
        let snapshotFolder = try configuration.snapshotInterval.map { _ in try SnapshotDirectory(path: configuration.snapshotDirectory, logger: logger) }
        var recovery = ServerRecovery(forceRecovery: configuration.forceRecovery, retention: configuration.keyRetention)
        recovery.restore(checkpoint: checkpoint.players)
        var journalConfiguration = JournalConfiguration(
            directory: configuration.journalDirectory, durability: configuration.durability,
            segmentBytes: configuration.journalSegmentBytes, forceRecovery: configuration.forceRecovery
        )
        journalConfiguration.injectedFault = configuration.injectedJournalFault
        journalConfiguration.groupCommitWindow = configuration.groupCommitWindow
        // One loop commits for itself, as a single-threaded server does; several share the
        // writer thread, which overlaps their syncs with their serving (bench/RESULTS.md, "One
        // loop commits for itself").
        journalConfiguration.callersCommit = configuration.eventLoopThreads == 1
        let journal = try Journal(
            configuration: journalConfiguration, logger: logger, checkpointLSN: checkpoint.lsn, numberedThroughLSN: checkpoint.highestLSN, onFailure: { error in
            logger.critical("stopping: the journal can no longer make changes durable", metadata: ["error": "\(error)"])
            exit(74)
        }, replay: { lsn, payload in try recovery.replay(lsn: lsn, payload: payload) })
        self.journal = journal
        if clock.now() < recovery.latestTime {
            logger.warning("the system clock is behind the latest time in the journal; game time waits for it", metadata: ["latestTime": "\(recovery.latestTime)"])
        }
        let clock = WallClock.neverBackward(clock, floor: recovery.latestTime)
        let recoveredPlayers = recovery.players
        recovery.directory.recoveryFinished(playerCount: recoveredPlayers.count) { recoveredPlayers[$0] != nil }
        if recovery.orphanedEvents > 0 {
            logger.error("--force-recovery dropped events of players whose registration was lost", metadata: ["events": "\(recovery.orphanedEvents)"])
        }
        logger.info("recovered", metadata: [
            "checkpointLSN": "\(checkpoint.lsn)", "checkpointPlayers": "\(checkpoint.players.count)",
            "journalRecords": "\(recovery.records)", "players": "\(recovery.players.count)", "lastLSN": "\(journal.durableLSN)",
        ])

        group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        let loops = Array(group.makeIterator())
        var loopResources: [ObjectIdentifier: NIOLoopBound<LoopResources>] = [:]
        // Each loop's, in the order of `loops`.
        var pushFlushers: [NIOLoopBound<PushFlusher>] = []
        for loop in loops {
            let (resources, pushFlusher, wakeUp) = try await loop.submit {
                let gate = DurabilityGate(journal: journal, loop: loop)
                let resources = LoopResources(
                    gate: gate, courier: ShardCourier(loop: loop, journal: journal, statistics: statistics),
                    rateLimiter: PlayerRateLimiter(limits: configuration.playerRateLimits),
                    pushFlusher: PushFlusher(loop: loop, gate: gate, delay: configuration.push.flushDelay)
                )
                return (NIOLoopBound(resources, eventLoop: loop), NIOLoopBound(resources.pushFlusher, eventLoop: loop), gate.wakeUp)
            }.get()
            loopResources[ObjectIdentifier(loop)] = resources
            pushFlushers.append(pushFlusher)
            journal.addDurabilityListener { lsn in
                guard wakeUp.isNeeded else { return }
                loop.execute {
                    // Replies that crossed back wait for this wake-up (see ShardCourier).
                    resources.value.courier.takeArrivals()
                    resources.value.gate.writerCommitted(through: lsn)
                }
            }
        }
        // A ruleset per loop, of the same config: every rule holds its ruleset while it runs,
        // and one object for both loops had both write its reference count on every request,
        // its line moving between the cores each time (bench/RESULTS.md, session 31).
        let loopRules = loops.map { _ in Ruleset(config: rules.config) }
        var shards: [Shard] = []
        for index in 0..<configuration.shardCount {
            shards.append(Shard(
                loop: loops[index % loops.count], journal: journal, rules: loopRules[index % loops.count], directory: recovery.directory,
                players: recovery.players(ofShard: index, count: configuration.shardCount),
                dirty: recovery.changed(ofShard: index, count: configuration.shardCount), observers: observers,
                retention: configuration.keyRetention,
                followers: PlayerFollowers(historyCommits: configuration.push.historyCommits, resumeWindow: configuration.push.resumeWindow),
                pushFlusher: pushFlushers[index % loops.count]
            ))
        }
        for observer in observers {
            for shard in shards {
                await shard.showRecoveredPlayers(to: observer)
            }
        }
        let checkpointer = Checkpointer(
            store: checkpoints, journal: journal, shards: shards, wallClock: clock, lastLSN: checkpoint.lsn, logger: logger
        )
        self.checkpointer = checkpointer
        let checkpointService = BackgroundService(
            id: "checkpointer", settings: BackgroundServiceSettings(interval: configuration.checkpointInterval),
            work: CheckpointWork(checkpointer: checkpointer), wallClock: clock, logger: logger
        )
        let journalBytesTrigger = configuration.checkpointJournalBytes
        journal.addDurabilityListener { _ in
            // Not while retrying after a failure: the backoff must not be cut short on every commit.
            if checkpointService.health.consecutiveFailures == 0, checkpointer.claimJournalBytesTrigger(journalBytesTrigger) {
                checkpointService.runNow()
            }
        }
        let exporter = SnapshotExporter(journal: journal, shards: shards, clock: clock, logger: logger)
        var services = [checkpointService]
        if let interval = configuration.snapshotInterval, let folder = snapshotFolder {
            services.append(BackgroundService(
                id: "snapshot-exporter", settings: BackgroundServiceSettings(interval: interval),
                work: SnapshotExportWork(exporter: exporter, folder: folder, keep: configuration.snapshotKeep, clock: clock), wallClock: clock, logger: logger
            ))
        }
        backgroundServices = BackgroundServiceRegistry(services)
        if journal.skippedDamage {
            // Before serving: the checkpoint covers what --force-recovery skipped and pruning
            // deletes the damaged segments, so the next start needs no flag and ledger reads work.
            let report = try await checkpointer.checkpoint()
            if journal.isOutOfSpace {
                logger.error("--force-recovery: no checkpoint over the skipped damage (the disk is full); pass the flag again on the next start")
            } else {
                logger.warning("--force-recovery: checkpoint taken over the skipped damage; the next start needs no flag", metadata: [
                    "lsn": "\(report.lsn)", "segmentsRemoved": "\(report.removedSegments.count)",
                ])
            }
        }
        context = ServerContext(
            configuration: configuration, rules: rules, catalog: PlayerReads.catalog(rules), tables: PlayerReads.tables(rules), journal: journal,
            checkpoints: checkpoints,
            admin: AdminOperations(
                services: backgroundServices, exporter: exporter,
                backupWriter: BackupWriter(store: checkpoints, journal: journal, checkpointer: checkpointer, logger: logger), targets: targets,
                logger: logger
            ),
            directory: recovery.directory,
            shards: shards, commandIds: CommandIds(), clock: clock, logger: logger, loopResources: loopResources,
            admission: ConnectionAdmission(
                maxConnections: DescriptorBudget.connectionCap(configured: configuration.limits.maxConnections, softLimit: descriptorLimit, logger: logger),
                maxConnectionsPerAddress: configuration.limits.maxConnectionsPerAddress
            ),
            loginThrottle: AddressThrottle(burst: configuration.limits.loginFailureBurst, interval: configuration.limits.loginFailureInterval),
            registrationThrottle: AddressThrottle(burst: configuration.limits.registrationBurst, interval: configuration.limits.registrationInterval),
            statistics: statistics,
            middleware: .standard(then: links)
        )
        let serverContext = context
        do {
            channel = try await ServerBootstrap(group: group)
                // A burst of connects (a reconnect storm) waits in the kernel's queue rather than
                // having its handshakes dropped and retried seconds later; the kernel caps it at
                // net.core.somaxconn.
                .serverChannelOption(.backlog, value: 4_096)
                .serverChannelOption(.maxMessagesPerRead, value: 16)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    // Out of descriptors (EMFILE), accept fails at once and would be retried at
                    // once, spinning a core: wait a little before accepting again instead.
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(AcceptBackoffHandler(backoffProvider: { _ in .milliseconds(100) }))
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let bytes = serverContext.configuration.limits.socketSendBufferBytes {
                            try channel.syncOptions?.setOption(.socketOption(.so_sndbuf), value: SocketOptionValue(bytes))
                        }
                        try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: serverContext))
                    }
                }
                .bind(host: configuration.host, port: configuration.port)
                .get()
        } catch {
            journal.close()
            try? await group.shutdownGracefully()
            throw error
        }
        logger.info("listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")", "shards": "\(shards.count)", "eventLoops": "\(configuration.eventLoopThreads)", "durability": "\(configuration.durability)"])
    }

    /// The port the server listens on (the kernel's choice when configured with port 0).
    public var localPort: Int {
        channel.localAddress?.port ?? configuration.port
    }

    /// Suspends until the listening socket closes (by ``shutdown()`` or an error).
    public func waitUntilClosed() async throws {
        try await channel.closeFuture.get()
    }

    /// Stops accepting connections; ``waitUntilClosed()`` returns and the caller then calls
    /// ``shutdown()``. Safe to call from a signal handler's task.
    public func stopAccepting() async {
        try? await channel.close()
    }

    /// Takes a checkpoint now (the checkpointer service does this on its own schedule).
    @discardableResult
    public func checkpoint() async throws -> (lsn: UInt64, players: Int, segmentsRemoved: Int, expiredKeys: Int) {
        let report = try await checkpointer.checkpoint()
        return (report.lsn, report.players, report.removedSegments.count, report.expiredKeys)
    }

    /// The server and its background services in one `ServiceGroup`. Graceful shutdown (from
    /// `signals`, or `triggerGracefulShutdown()`) runs in reverse order: the background services
    /// stop first, the server — which checkpoints once more — last. A background service that
    /// gives up after too many failures leaves the server running; its health says so.
    public func serviceGroup(gracefulShutdownSignals signals: [UnixSignal] = []) -> ServiceGroup {
        let background = backgroundServices.services.map {
            ServiceGroupConfiguration.ServiceConfiguration(service: $0, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore)
        }
        return ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: self, successTerminationBehavior: .gracefullyShutdownGroup)] + background,
            gracefulShutdownSignals: signals,
            logger: logger
        ))
    }

    /// Runs until the listening socket closes; graceful shutdown (SIGTERM/SIGINT through the
    /// `ServiceGroup`) closes it. Then stops as ``shutdown()`` says.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await waitUntilClosed()
        } onGracefulShutdown: {
            Task { await self.stopAccepting() }
        }
        try await shutdown()
    }

    /// Stops listening and the background services, writes what the journal holds (releasing
    /// the replies that waited for it), checkpoints, then closes every connection and stops the
    /// event loops. The next start loads the checkpoint and replays only what follows.
    public func shutdown() async throws {
        try? await channel.close()
        backgroundServices.stopAll()
        journal.close()
        var checkpointFailure: (any Error)?
        do {
            _ = try await checkpointer.checkpoint()
        } catch {
            checkpointFailure = error
        }
        try await group.shutdownGracefully()
        // A failed checkpoint loses nothing (the journal holds every change); it only means the
        // next start replays more. The loops are stopped either way.
        if let checkpointFailure { throw checkpointFailure }
        logger.info("stopped", metadata: ["durableLSN": "\(journal.durableLSN)"])
    }
}
