import EspritClient
import EspritGame
import EspritProtocol
import EspritServer
import EspritStorage
import EspritTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// `ADMIN_EXPORT` under load, `esprit-server restore`, and `ADMIN_BACKUP`.
@Suite struct SnapshotExportTests {
    private struct Player {
        var id: UInt64
        var token: [UInt8]
    }

    private func register(_ count: Int, on server: TestServer) async throws -> [Player] {
        let client = try await server.client()
        defer { Task { await client.close() } }
        var players: [Player] = []
        for index in 0..<count {
            let registered = try await client.register(name: "Player\(index)")
            players.append(Player(id: registered.playerId, token: registered.token))
        }
        return players
    }

    /// Every profile and collection, by player id, with the clock-dependent fields zeroed.
    private func state(of players: [Player], on server: TestServer) async throws -> [UInt64: String] {
        var result: [UInt64: String] = [:]
        for player in players {
            let client = try await server.client()
            _ = try await client.login(playerId: player.id, token: player.token)
            var profile = try await client.profile()
            profile.energy = 0
            profile.nextEnergyAt = 0
            result[player.id] = "\(profile) \(try await client.collection())"
            await client.close()
        }
        return result
    }

    /// Grants run on four connections while the export copies the shards: every player's lumees
    /// in the snapshot must equal the sum of its ledger up to the manifest's LSN, and nothing after.
    @Test(.timeLimit(.minutes(2)))
    func anExportUnderLoadIsExactlyAsOfOneLSN() async throws {
        let server = try await TestServer.start()
        let players = try await register(24, on: server)
        let granted = GrantCounter()
        let load = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        let admin = try await server.adminClient()
                        defer { Task { await admin.close() } }
                        var random = SplitMix64(seed: UInt64(worker))
                        while !Task.isCancelled {
                            let player = players[Int(random.next() % UInt64(players.count))]
                            _ = try await admin.grant(playerId: player.id, currency: Currency.lumees.rawValue, amount: Int64(1 + random.next() % 100))
                            granted.count.add(1, ordering: .relaxed)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Events, not time: the load is running before the export and goes on after it.
        while granted.count.load(ordering: .relaxed) < 50 { try await Task.sleep(for: .milliseconds(2)) }
        let admin = try await server.adminClient()
        let exported = try await admin.export(path: "export.ndjson.zst")
        let path = exported.path
        let grantedAtExport = granted.count.load(ordering: .relaxed)
        while granted.count.load(ordering: .relaxed) < grantedAtExport + 50 { try await Task.sleep(for: .milliseconds(2)) }
        load.cancel()
        _ = try? await load.value

        let snapshot = try SnapshotFile.read(path)
        #expect(snapshot.manifest.lsn == exported.lsn)
        #expect(snapshot.manifest.sha256 == exported.sha256)
        #expect(snapshot.players.map(\.id) == players.map(\.id))
        var grantsAfter = 0
        for player in snapshot.players {
            let ledger = try await admin.ledger(playerId: player.id, limit: 10_000).filter { $0.currency == Currency.lumees.rawValue }
            grantsAfter += ledger.filter { $0.lsn > exported.lsn }.count
            #expect(ledger.filter { $0.lsn <= exported.lsn }.reduce(0) { $0 + $1.delta } == player.balances[.lumees], "player \(player.id)")
        }
        #expect(grantsAfter > 0, "the load went on after the export's LSN")
        await admin.close()
        try await server.stopAndRemove()
    }

    @Test func restoreRebuildsTheSameStateAndRefusesABadChecksum() async throws {
        let server = try await TestServer.start()
        let players = try await register(6, on: server)
        let client = try await server.client()
        _ = try await client.login(playerId: players[2].id, token: players[2].token)
        _ = try await client.quest(zone: 1)
        _ = try await client.summon(banner: "standard", pulls: 1)
        await client.close()
        let before = try await state(of: players, on: server)
        let admin = try await server.adminClient()
        let path = try await admin.export(path: "export.ndjson.zst").path
        #expect(path == server.server.configuration.snapshotDirectory + "/export.ndjson.zst")
        await admin.close()
        try await server.stop()

        let target = TemporaryDirectory()
        var configuration = ServerConfiguration()
        configuration.dataDirectory = target.path + "/data"
        let logger = Logger(label: "restore") { _ in SwiftLogNoOpLogHandler() }
        _ = try SnapshotRestore.restore(snapshot: path, into: configuration, logger: logger)
        #expect(throws: SnapshotError.self, "a second restore into the same directory") {
            _ = try SnapshotRestore.restore(snapshot: path, into: configuration, logger: logger)
        }
        let restored = try await TestServer.start(folder: target, dataSubdirectory: "data")
        #expect(try await state(of: players, on: restored) == before)
        let newcomer = try await restored.client()
        #expect(try await newcomer.register(name: "Newcomer").playerId == 7)
        await newcomer.close()
        try await restored.stopAndRemove()

        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 5] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let refused = try ToolRun.run(ServerProcess.binary, ["restore", "--from", path, "--data-dir", server.folder.path + "/elsewhere"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("restore refused"))
        #expect(refused.errors.contains("does not match its manifest"))
        #expect(!FileManager.default.fileExists(atPath: server.folder.path + "/elsewhere/lmdb"))
        server.folder.remove()
    }

    @Test func aHotBackupStartsAServerWithTheSameState() async throws {
        let server = try await TestServer.start(journalSegmentBytes: 4_096)
        let players = try await register(5, on: server)
        let admin = try await server.adminClient()
        for round in 0..<40 {
            _ = try await admin.grant(playerId: players[round % 5].id, currency: Currency.revies.rawValue, amount: 3)
        }
        try await server.server.checkpoint()
        for round in 0..<40 {
            _ = try await admin.grant(playerId: players[round % 5].id, currency: Currency.lumees.rawValue, amount: 7)
        }
        let before = try await state(of: players, on: server)
        let ledgerBefore = try await admin.ledger(playerId: players[0].id, limit: 1_000)
        let target = TemporaryDirectory()
        let backup = try await admin.backup(directory: "backup")
        #expect(backup.directory == server.server.configuration.backupDirectory + "/backup")
        #expect(backup.segments >= 1)
        #expect(backup.checkpointLsn > 0)
        do {
            _ = try await admin.backup(directory: "backup")
            Issue.record("a second backup with the same name must be refused")
        } catch let error as EspritClientError {
            #expect(error.wireError?.details == .validation(field: "directory", reason: "backup already exists in the backup folder"))
        }
        await admin.close()
        try await server.stop()
        try FileManager.default.moveItem(atPath: backup.directory, toPath: target.path + "/backup")
        server.folder.remove()

        let restored = try await TestServer.start(folder: target, dataSubdirectory: "backup")
        #expect(try await state(of: players, on: restored) == before)
        let auditor = try await restored.adminClient()
        #expect(try await auditor.ledger(playerId: players[0].id, limit: 1_000) == ledgerBefore)
        await auditor.close()
        try await restored.stopAndRemove()
    }

    @Test(.timeLimit(.minutes(1)))
    func adminServicesReportsPausesResumesAndRuns() async throws {
        let server = try await TestServer.start()
        let admin = try await server.adminClient()
        let listed = try await admin.services()
        #expect(listed.map(\.id) == ["checkpointer", "snapshot-exporter"])
        #expect(listed.allSatisfy { $0.status == 0 && $0.runs == 0 })
        #expect(try await admin.services(.pause, service: "checkpointer").first?.status == 1)
        #expect(try await admin.services(.resume, service: "checkpointer").first?.status == 0)
        _ = try await admin.services(.runNow, service: "checkpointer")
        var runs: UInt64 = 0
        while runs == 0 {
            try await Task.sleep(for: .milliseconds(10))
            runs = try await admin.services().first?.runs ?? 0
        }
        #expect(runs == 1)

        // The scheduled exporter, run now three times with the default of keeping 4: three
        // complete snapshots in the data directory's snapshot folder.
        for expected in 1...3 {
            _ = try await admin.services(.runNow, service: "snapshot-exporter")
            while (try await admin.services().last?.runs ?? 0) < UInt64(expected) {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let exporter = try #require(try await admin.services().last)
        #expect(exporter.runs == 3)
        #expect(exporter.lastError == "")
        let folder = server.server.configuration.snapshotDirectory
        let manifests = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(SnapshotManifest.suffix) }
        #expect(manifests.count == 3)
        for manifest in manifests {
            _ = try SnapshotFile.verify(folder + "/" + manifest.dropLast(SnapshotManifest.suffix.count))
        }
        do {
            _ = try await admin.services(.pause, service: "no-such-service")
            Issue.record("an unknown service must be refused")
        } catch let error as EspritClientError {
            #expect(error.wireError?.details == .notFound(entity: "service", id: "no-such-service"))
        }
        let stranger = try await EspritClient.connect(host: "127.0.0.1", port: server.port)
        await #expect(throws: EspritClientError.rejected(WireError(message: "admin operation: send ADMIN_LOGIN first", details: .unauthorized))) {
            _ = try await stranger.services()
        }
        await stranger.close()
        await admin.close()
        try await server.stopAndRemove()
    }
}

/// Grants acknowledged by the load of ``SnapshotExportTests/anExportUnderLoadIsExactlyAsOfOneLSN()``.
private final class GrantCounter: Sendable {
    let count = Atomic<Int>(0)
}
