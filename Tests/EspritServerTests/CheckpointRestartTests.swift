import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// A clean stop checkpoints every player into LMDB; the next start loads the checkpoint and
/// replays only the journal after it.
@Suite struct CheckpointRestartTests {
    @Test func aServerRestartsFromTheCheckpointAloneAndGoesOn() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let ayla = try await client.register(name: "Ayla")
        _ = try await client.login(playerId: ayla.playerId, token: ayla.token)
        _ = try await client.quest(zone: 1)
        _ = try await client.summon(banner: "standard", pulls: 1)
        let admin = try await server.adminClient()
        _ = try await admin.grant(playerId: ayla.playerId, currency: Currency.lumees.rawValue, amount: 777)
        let before = (try await client.profile(), try await client.collection())
        await client.close()
        await admin.close()
        try await server.stop()

        let journal = server.folder.path + "/journal"
        for name in try FileManager.default.contentsOfDirectory(atPath: journal) {
            try FileManager.default.removeItem(atPath: journal + "/" + name)
        }
        let restarted = try await TestServer.start(folder: server.folder)
        let again = try await restarted.client()
        _ = try await again.login(playerId: ayla.playerId, token: ayla.token)
        var profile = try await again.profile()
        profile.energy = before.0.energy
        profile.nextEnergyAt = before.0.nextEnergyAt
        #expect(profile == before.0)
        #expect(try await again.collection() == before.1)
        let brann = try await again.register(name: "Brann")
        #expect(brann.playerId == 2)
        await #expect(throws: EspritClientError.rejected(WireError(message: "invalid name: ayla is already taken", details: .validation(field: "name", reason: "ayla is already taken"))), "a name from the checkpoint must stay taken") {
            _ = try await again.register(name: "ayla")
        }
        await again.close()
        try await restarted.stop()

        let third = try await TestServer.start(folder: server.folder)
        let last = try await third.client()
        _ = try await last.login(playerId: brann.playerId, token: brann.token)
        #expect(try await last.profile().name == "Brann")
        _ = try await last.login(playerId: ayla.playerId, token: ayla.token)
        #expect(try await last.collection() == before.1)
        await last.close()
        try await third.stopAndRemove()
    }
}
