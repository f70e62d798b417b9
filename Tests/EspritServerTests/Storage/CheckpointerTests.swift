import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// The checkpointer writes the changed players and the ledger to LMDB, then deletes the journal
/// segments LMDB covers; restarts see the same players and the same ledger.
@Suite struct CheckpointerTests {
    /// A player with `grants` one-lumee grants, in small segments so they span several.
    private func playerWithGrants(_ server: TestServer, grants: Int) async throws -> (RegisterResponse, EspritClient) {
        let client = try await server.client()
        let player = try await client.register(name: "Ledgerly")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let admin = try await server.adminClient()
        for index in 0..<grants {
            _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1, correlationId: "grant-\(index)")
        }
        await admin.close()
        return (player, client)
    }

    private func ledger(_ server: TestServer, _ playerId: UInt64) async throws -> [LedgerEntry] {
        let admin = try await server.adminClient()
        defer { Task { await admin.close() } }
        return try await admin.ledger(playerId: playerId, limit: 10_000)
    }

    @Test func coveredSegmentsAreDeletedAndTheLedgerOutlivesThem() async throws {
        let server = try await TestServer.start(journalSegmentBytes: 4_096)
        let (player, client) = try await playerWithGrants(server, grants: 150)
        let segmentsBefore = try server.segmentNames()
        #expect(segmentsBefore.count > 3)
        let ledgerBefore = try await ledger(server, player.playerId)
        #expect(ledgerBefore.count >= 150)

        let first = try await server.server.checkpoint()
        #expect(first.players == 1)
        #expect(first.segmentsRemoved == segmentsBefore.count - 1)
        #expect(try server.segmentNames().count == 1)
        #expect(try await ledger(server, player.playerId) == ledgerBefore)
        #expect(try await server.server.checkpoint().players == 0, "nothing changed since")

        let admin = try await server.adminClient()
        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 5, correlationId: "after")
        await admin.close()
        let ledgerAfter = try await ledger(server, player.playerId)
        #expect(ledgerAfter.count == ledgerBefore.count + 1)
        #expect(ledgerAfter.first?.correlationId == "after")
        #expect(Array(ledgerAfter.dropFirst()) == ledgerBefore)
        let profile = try await client.profile()
        await client.close()
        try await server.stop()

        let restarted = try await TestServer.start(folder: server.folder, journalSegmentBytes: 4_096)
        #expect(try await ledger(restarted, player.playerId) == ledgerAfter)
        let again = try await restarted.client()
        _ = try await again.login(playerId: player.playerId, token: player.token)
        #expect(try await again.profile().balances == profile.balances)
        await again.close()
        try await restarted.stopAndRemove()
    }

    /// A checkpoint that journal bytes ask for covers at least that many bytes since the one
    /// before began: commits while it runs do not ask for another over the few bytes they
    /// journal meanwhile.
    @Test func aCheckpointDueToJournalBytesCoversAtLeastThatMany() async throws {
        let trigger = 16_384
        let log = LogRecorder()
        let server = try await TestServer.start(checkpointJournalBytes: trigger, logger: log.logger)
        let client = try await server.client()
        let player = try await client.register(name: "Busy")
        await client.close()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<4 {
                group.addTask {
                    let admin = try await server.adminClient()
                    for index in 0..<300 {
                        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1, correlationId: "g-\(client)-\(index)")
                    }
                    await admin.close()
                }
            }
            try await group.waitForAll()
        }
        try await server.stopAndRemove()
        let covered = log.lines.filter { $0.message == "checkpoint written" }.compactMap { $0.metadata["journalBytes"].flatMap { Int($0) } }
        // The last one is the shutdown's.
        #expect(covered.count >= 3, "1 200 grants journal several times the trigger")
        #expect(covered.dropLast().allSatisfy { $0 >= trigger }, "\(covered)")
    }

    /// A crash after the LMDB commit but before the segments were deleted leaves segments whose
    /// records are all in the checkpoint: start-up must skip them, not apply them twice.
    @Test func segmentsLeftByACrashBeforeDeletionAreNotReplayedTwice() async throws {
        let server = try await TestServer.start(journalSegmentBytes: 4_096)
        let (player, client) = try await playerWithGrants(server, grants: 100)
        let profile = try await client.profile()
        await client.close()
        let ledgerBefore = try await ledger(server, player.playerId)
        var saved: [String: Data] = [:]
        for name in try server.segmentNames() {
            saved[name] = try Data(contentsOf: URL(fileURLWithPath: server.journalDirectory + "/" + name))
        }
        try await server.stop()
        let deleted = Set(saved.keys).subtracting(try server.segmentNames())
        #expect(!deleted.isEmpty)
        for name in deleted {
            try saved[name]!.write(to: URL(fileURLWithPath: server.journalDirectory + "/" + name))
        }

        let restarted = try await TestServer.start(folder: server.folder, journalSegmentBytes: 4_096)
        let again = try await restarted.client()
        _ = try await again.login(playerId: player.playerId, token: player.token)
        #expect(try await again.profile().balances == profile.balances)
        await again.close()
        #expect(try await ledger(restarted, player.playerId) == ledgerBefore)
        try await restarted.stopAndRemove()
    }
}
