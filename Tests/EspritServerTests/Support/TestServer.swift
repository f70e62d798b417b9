import EspritClient
import EspritProtocol
@testable import EspritServer
import EspritStorage
import EspritTestSupport
import Foundation
import Logging
import ServiceLifecycle

/// An in-process server on 127.0.0.1 and an ephemeral port, in its own temporary data folder.
struct TestServer {
    static let adminKey = "test-admin-key"

    /// The default limits, but for registrations: tests register players faster than an
    /// address's five a minute.
    static let limits: ConnectionLimits = {
        var limits = ConnectionLimits()
        limits.registrationBurst = 1_000_000
        return limits
    }()

    let server: EspritServer
    let folder: TemporaryDirectory
    /// The server and its background services running in their `ServiceGroup`, as in production.
    let group: ServiceGroup
    let running: Task<Void, any Error>

    var port: Int { server.localPort }

    /// Starts a server; pass `folder` to restart on an existing data directory, `shards` for
    /// that many shards on as many event loops (default: one per core), `eventLoops` for a
    /// number of loops of its own (one loop commits the journal itself), `links` for middleware
    /// links after the standard ones. Players' rate limits are off unless `playerRateLimits`
    /// says otherwise: tests play faster than 20 requests a second.
    static func start(
        folder: TemporaryDirectory = TemporaryDirectory(), dataSubdirectory: String? = nil, adminKey: String? = TestServer.adminKey,
        maxFrameBytes: Int? = nil, maxRequestsInFlight: Int? = nil, journalSegmentBytes: Int? = nil, checkpointJournalBytes: Int? = nil,
        journalFault: (@Sendable (JournalFault) -> Int32?)? = nil, clock: WallClock = .system,
        limits: ConnectionLimits = TestServer.limits, logger: Logger? = nil, forceRecovery: Bool = false, shards: Int? = nil,
        eventLoops: Int? = nil, observers: [any CommitObserver] = [], links: [any RequestLink] = [], playerRateLimits: PlayerRateLimits = .off,
        push: PushSettings = PushSettings()
    ) async throws -> TestServer {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.dataDirectory = dataSubdirectory.map { folder.path + "/" + $0 } ?? folder.path
        configuration.adminKey = adminKey
        if let maxFrameBytes { configuration.maxFrameBytes = maxFrameBytes }
        if let maxRequestsInFlight { configuration.maxRequestsInFlight = maxRequestsInFlight }
        if let journalSegmentBytes { configuration.journalSegmentBytes = journalSegmentBytes }
        if let checkpointJournalBytes { configuration.checkpointJournalBytes = checkpointJournalBytes }
        configuration.injectedJournalFault = journalFault
        configuration.limits = limits
        configuration.playerRateLimits = playerRateLimits
        configuration.push = push
        configuration.forceRecovery = forceRecovery
        if let shards {
            configuration.shardCount = shards
            configuration.eventLoopThreads = shards
        }
        if let eventLoops { configuration.eventLoopThreads = eventLoops }
        let logger = logger ?? Logger(label: "test-server") { _ in SwiftLogNoOpLogHandler() }
        let server = try await EspritServer(configuration: configuration, rules: .default, clock: clock, logger: logger, observers: observers, links: links)
        let group = server.serviceGroup()
        return TestServer(server: server, folder: folder, group: group, running: Task { try await group.run() })
    }

    var journalDirectory: String { server.configuration.journalDirectory }

    /// The journal's segment files, oldest first.
    func segmentNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: journalDirectory).filter { $0.hasSuffix(".wal") }.sorted()
    }

    func client() async throws -> EspritClient {
        try await EspritClient.connect(host: "127.0.0.1", port: port, clientName: "esprit-tests")
    }

    /// A client logged in as `player`.
    func client(loggedInAs player: RegisterResponse) async throws -> EspritClient {
        let client = try await client()
        _ = try await client.login(playerId: player.playerId, token: player.token)
        return client
    }

    func adminClient() async throws -> EspritClient {
        let client = try await client()
        try await client.adminLogin(key: Self.adminKey)
        return client
    }

    /// Stops the server, keeping its data folder for a restart.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }

    /// Stops the server and removes its data folder.
    func stopAndRemove() async throws {
        try await stop()
        folder.remove()
    }
}
