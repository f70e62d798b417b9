import EspritClient
import EspritGame
import EspritProtocol
import EspritStorage
import Foundation
import Testing

/// `--force-recovery` converges: the start that needs it checkpoints over what it skipped, so
/// ledger reads work at once and the next start needs no flag.
@Suite struct ForceRecoveryTests {
    @Test func aForcedStartCheckpointsPastTheDamageAndTheNextNeedsNoFlag() async throws {
        let server = try await TestServer.start()
        let admin = try await server.adminClient()
        let player = try await admin.register(name: "Damaged")
        // One grant per commit: each is a batch of its own.
        for _ in 0..<20 {
            _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1)
        }
        await admin.close()
        // Stop without a checkpoint covering the grants: kill the journal's tail into place by
        // copying the segment before the graceful stop's checkpoint prunes it.
        let segment = try server.segmentNames().last!
        let path = server.journalDirectory + "/" + segment
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try await server.stop()
        for name in try server.segmentNames() { try FileManager.default.removeItem(atPath: server.journalDirectory + "/" + name) }
        try FileManager.default.removeItem(atPath: server.folder.path + "/lmdb")
        var damaged = [UInt8](bytes)
        // In the middle of the batches, not of the zeros the journal prepared after them.
        let dataEnd = (damaged.lastIndex { $0 != 0 } ?? 0) + 1
        damaged[dataEnd / 2] ^= 0x01
        try Data(damaged).write(to: URL(fileURLWithPath: path))

        await #expect(throws: JournalError.self, "damage in the middle refuses without the flag") {
            _ = try await TestServer.start(folder: server.folder)
        }
        let forced = try await TestServer.start(folder: server.folder, forceRecovery: true)
        let auditor = try await forced.adminClient()
        let ledger = try await auditor.ledger(playerId: player.playerId, limit: 100)
        let balance = ledger.filter { $0.currency == Currency.lumees.rawValue }.reduce(0) { $0 + $1.delta }
        #expect(balance >= 1_000 && balance < 1_020, "some grants were lost with the damaged batch, not all")
        #expect(try forced.segmentNames().allSatisfy { $0 != segment }, "the damaged segment was pruned")
        await auditor.close()
        try await forced.stop()

        let plain = try await TestServer.start(folder: server.folder)
        let again = try await plain.adminClient()
        #expect(try await again.ledger(playerId: player.playerId, limit: 100) == ledger)
        await again.close()
        try await plain.stopAndRemove()
    }
}
