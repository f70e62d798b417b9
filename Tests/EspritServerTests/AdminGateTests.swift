import EspritClient
import EspritProtocol
import Foundation
import Testing

/// Every admin operation is refused without `ADMIN_LOGIN` — to a stranger and to a logged-in
/// player alike — and a player's token opens no other player's session.
@Suite struct AdminGateTests {
    /// Each admin operation, called on `client`; what it returns is not looked at.
    private let operations: [(name: String, call: @Sendable (EspritClient) async throws -> Void)] = [
        ("ADMIN_GRANT", { _ = try await $0.grant(playerId: 1, currency: 0, amount: 5) }),
        ("ADMIN_LEDGER", { _ = try await $0.ledger(playerId: 1, limit: 10) }),
        ("ADMIN_SERVICES list", { _ = try await $0.services(.list) }),
        ("ADMIN_SERVICES pause", { _ = try await $0.services(.pause, service: "checkpointer") }),
        ("ADMIN_EXPORT", { _ = try await $0.export(path: "stolen.ndjson.zst") }),
        ("ADMIN_BACKUP", { _ = try await $0.backup(directory: "stolen") }),
    ]

    @Test func everyAdminOperationNeedsAdminLogin() async throws {
        let server = try await TestServer.start()
        let stranger = try await server.client()
        let registered = try await stranger.register(name: "Ayla")
        let player = try await server.client()
        _ = try await player.login(playerId: registered.playerId, token: registered.token)
        for (name, call) in operations {
            #expect(await rejection { try await call(stranger) }?.details == .unauthorized, "\(name) without any login")
            #expect(await rejection { try await call(player) }?.details == .unauthorized, "\(name) from a logged-in player")
        }
        let admin = try await server.adminClient()
        #expect(try await admin.services(.list).first { $0.id == "checkpointer" }?.status == 0, "the pause above had no effect")
        #expect(try await admin.ledger(playerId: 1, limit: 100).allSatisfy { $0.reason == "register" }, "the grant above had no effect")
        let snapshots = (try? FileManager.default.contentsOfDirectory(atPath: server.server.configuration.snapshotDirectory)) ?? []
        #expect(!snapshots.contains { $0.hasPrefix("stolen") })
        #expect(!FileManager.default.fileExists(atPath: server.server.configuration.backupDirectory + "/stolen"))
        for client in [stranger, player, admin] { await client.close() }
        try await server.stopAndRemove()
    }

    @Test func aPlayersTokenOpensNoOtherPlayer() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let first = try await client.register(name: "First")
        let second = try await client.register(name: "Second")
        #expect(await rejection { _ = try await client.login(playerId: second.playerId, token: first.token) }?.details == .unauthorized)
        #expect(await rejection { _ = try await client.profile() }?.details == .unauthorized, "the failed login bound nothing")
        _ = try await client.login(playerId: first.playerId, token: first.token)
        #expect(await rejection { _ = try await client.login(playerId: second.playerId, token: first.token) }?.details == .unauthorized)
        #expect(try await client.profile().playerId == first.playerId, "a failed login leaves the binding as it was")
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func adminFileOperationsTakeNamesNotPaths() async throws {
        let server = try await TestServer.start()
        let admin = try await server.adminClient()
        let journalSegment = try server.segmentNames()[0]
        for path in ["../escape.ndjson.zst", "/tmp/escape.ndjson.zst", "journal/\(journalSegment)", ""] {
            guard case let .validation(field, _)? = await rejection({ _ = try await admin.export(path: path) })?.details else {
                Issue.record("export to \(path.debugDescription) must be refused with VALIDATION")
                continue
            }
            #expect(field == "path")
        }
        for directory in ["../escape", "/tmp/escape", "..", "lmdb/../../journal", ""] {
            guard case let .validation(field, _)? = await rejection({ _ = try await admin.backup(directory: directory) })?.details else {
                Issue.record("backup to \(directory.debugDescription) must be refused with VALIDATION")
                continue
            }
            #expect(field == "directory")
        }
        _ = try await admin.export(path: "first.ndjson.zst")
        #expect(await rejection { _ = try await admin.export(path: "first.ndjson.zst") }?.details == .validation(field: "path", reason: "first.ndjson.zst already exists in the snapshot folder"))
        await admin.close()
        try await server.stop()
        let restarted = try await TestServer.start(folder: server.folder)
        try await restarted.stopAndRemove()
    }
}
