import EspritClient
import EspritProtocol
import EspritStorage
import EspritTestSupport
import Testing

/// A checkpoint drops the idempotency keys that expired, from memory and from LMDB, even for a
/// player who made no keyed change since; the keys still within the retention stay.
@Suite struct ExpiredKeySweepTests {
    @Test func aCheckpointDropsTheKeysOfAnIdlePlayerOnceTheyExpired() async throws {
        let clock = ManualClock(1_800_000_000_000)
        let folder = TemporaryDirectory()
        let server = try await TestServer.start(folder: folder, clock: clock.wallClock)
        let idle = try await server.client()
        let idlePlayer = try await idle.register(name: "Idle")
        _ = try await idle.login(playerId: idlePlayer.playerId, token: idlePlayer.token)
        for key in ["idle-1", "idle-2"] {
            _ = try await idle.send(QuestRequest(zone: 1), idempotencyKey: Array(key.utf8))
        }
        clock.advance(by: 23 * 3_600_000)
        let active = try await server.client()
        let activePlayer = try await active.register(name: "Active")
        _ = try await active.login(playerId: activePlayer.playerId, token: activePlayer.token)
        _ = try await active.send(QuestRequest(zone: 1), idempotencyKey: Array("active-1".utf8))

        #expect(try await server.server.checkpoint().expiredKeys == 0, "the idle player's keys have an hour left")
        clock.advance(by: 3_600_001)
        let swept = try await server.server.checkpoint()
        #expect(swept.expiredKeys == 2)
        #expect(swept.players == 1, "the idle player, written again without its keys")
        #expect(try await server.server.checkpoint().expiredKeys == 0)
        for client in [idle, active] { await client.close() }
        try await server.stop()

        let stored = try CheckpointStore(directory: folder.path + "/lmdb").load().players
        #expect(stored.first { $0.state.id == idlePlayer.playerId }?.keys.isEmpty == true)
        #expect(stored.first { $0.state.id == activePlayer.playerId }?.keys.commits.map { Array($0.keyBytes) } == [Array("active-1".utf8)])
        folder.remove()
    }
}
