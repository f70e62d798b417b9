import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// A v2 change sent again under its idempotency key gets the first answer and no second effect,
/// on any connection and after a restart; the key with another request, or on an operation
/// that changes nothing, is refused.
@Suite struct IdempotencyKeysTests {
    private let key = Array("quest-0001".utf8)

    @Test func aRetriedKeyGetsTheFirstAnswerAndNoSecondEffect() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let player = try await client.register(name: "Retrier")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let first = try await client.send(QuestRequest(zone: 1), idempotencyKey: key)
        let after = try await client.profile()

        #expect(try await client.send(QuestRequest(zone: 1), idempotencyKey: key) == first)
        let reconnected = try await server.client(loggedInAs: player)
        #expect(try await reconnected.send(QuestRequest(zone: 1), idempotencyKey: key) == first, "the key is the player's, not the connection's")
        let unchanged = try await reconnected.profile()
        #expect(unchanged.energy == after.energy && unchanged.xp == after.xp && unchanged.balances == after.balances)

        let second = try await reconnected.send(QuestRequest(zone: 1), idempotencyKey: Array("quest-0002".utf8))
        #expect(second.events != first.events)
        #expect(try await reconnected.profile().energy < after.energy, "a new key is a new change")

        let admin = try await server.adminClient()
        let quests = try await admin.ledger(playerId: player.playerId, limit: 100).filter { $0.reason == "quest" && $0.currency == Currency.lumees.rawValue }
        #expect(quests.count == 2)
        for connection in [client, reconnected, admin] { await connection.close() }
        try await server.stopAndRemove()
    }

    /// The shard runs the rule before it looks the key up (the rule hides the look-up's missed
    /// line): a retry whose rule would now be refused still gets its first answer.
    @Test func aRetryWhoseRuleWouldNowBeRefusedGetsTheFirstAnswer() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let player = try await client.register(name: "Claimer")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let dailyKey = Array("daily-0001".utf8)
        let first = try await client.send(ClaimDailyRequest(), idempotencyKey: dailyKey)
        let again = await rejection { _ = try await client.send(ClaimDailyRequest(), idempotencyKey: Array("daily-0002".utf8)) }
        guard case .alreadyClaimed = again?.details else {
            Issue.record("a second claim under a new key was not refused: \(String(describing: again))")
            return
        }
        #expect(try await client.send(ClaimDailyRequest(), idempotencyKey: dailyKey) == first)
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func theKeyWithAnotherRequestIsRefusedAndChangesNothing() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let player = try await client.register(name: "Reuser")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        _ = try await client.send(QuestRequest(zone: 1), idempotencyKey: key)
        let before = try await client.profile()
        let otherZone = await rejection { _ = try await client.send(QuestRequest(zone: 2), idempotencyKey: key) }
        #expect(otherZone?.details == .keyReused(firstOpcode: Opcode.quest.rawValue))
        let otherOperation = await rejection { _ = try await client.send(ClaimDailyRequest(), idempotencyKey: key) }
        #expect(otherOperation?.details == .keyReused(firstOpcode: Opcode.quest.rawValue))
        let after = try await client.profile()
        #expect(after.balances == before.balances && after.dailyClaimed == false)
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func aRefusedRequestKeepsNoKey() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let player = try await client.register(name: "Refused")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let refusal = await rejection { _ = try await client.send(QuestRequest(zone: 99), idempotencyKey: key) }
        #expect(refusal?.details == .validation(field: "zone", reason: "must be 1–20, got 99"))
        let events = try await client.send(QuestRequest(zone: 1), idempotencyKey: key).events
        #expect(events.contains { $0.type == .questCompleted }, "the refusal committed nothing, so the key is still free")
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func aKeyOnAnOperationThatTakesNoneIsRefusedBeforeItRuns() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let registering = await rejection { _ = try await client.send(RegisterRequest(name: "Keyed"), idempotencyKey: key) }
        #expect(registering?.details == .validation(
            field: "idempotencyKey", reason: "REGISTER takes no idempotency key: keys go with QUEST … COLLECT and ADMIN_GRANT"
        ))
        let player = try await client.register(name: "Keyed")
        #expect(player.playerId == 1, "the refused registration registered nothing")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let reading = await rejection { _ = try await client.send(GetProfileRequest(), idempotencyKey: key) }
        #expect(reading?.details == .validation(
            field: "idempotencyKey", reason: "GET_PROFILE takes no idempotency key: keys go with QUEST … COLLECT and ADMIN_GRANT"
        ))
        await client.close()
        try await server.stopAndRemove()
    }

    /// A v1 connection has no key field: the client refuses to send one rather than drop it.
    @Test func aV1ConnectionCannotCarryAKey() async throws {
        let server = try await TestServer.start()
        let client = try await EspritClient.connect(host: "127.0.0.1", port: server.port, version: ProtocolVersion.v1)
        #expect(client.welcome.version == ProtocolVersion.v1)
        await #expect(throws: EspritClientError.invalidArgument(field: "idempotencyKey", reason: "protocol v1 carries no key")) {
            _ = try await client.send(QuestRequest(zone: 1), idempotencyKey: key)
        }
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func anAdminGrantsKeyGoesWithItsTargetPlayer() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let first = try await client.register(name: "Target_1").playerId
        let second = try await client.register(name: "Target_2").playerId
        await client.close()
        let admin = try await server.adminClient()
        let grantKey = Array("ticket-88".utf8)
        let lumees = Currency.lumees.rawValue
        let granted = try await admin.send(AdminGrantRequest(playerId: first, currency: lumees, amount: 250), idempotencyKey: grantKey)
        #expect(granted.balance == 1_250)
        #expect(try await admin.send(AdminGrantRequest(playerId: first, currency: lumees, amount: 250), idempotencyKey: grantKey) == granted)
        #expect(try await admin.send(AdminGrantRequest(playerId: second, currency: lumees, amount: 250), idempotencyKey: grantKey).balance == 1_250)
        let otherAmount = await rejection {
            _ = try await admin.send(AdminGrantRequest(playerId: first, currency: lumees, amount: 999), idempotencyKey: grantKey)
        }
        #expect(otherAmount?.details == .keyReused(firstOpcode: Opcode.adminGrant.rawValue))
        #expect(try await admin.ledger(playerId: first, limit: 10).filter { $0.reason == "admin_grant" }.count == 1)
        await admin.close()
        try await server.stopAndRemove()
    }

    /// A clean stop checkpoints the keys with their players; with the journal gone, the
    /// checkpoint alone still answers a retry.
    @Test func keysSurviveACheckpointWithoutTheJournal() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let player = try await client.register(name: "Durable")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let first = try await client.send(SummonRequest(banner: "standard", pulls: 1), idempotencyKey: key)
        let before = try await client.collection()
        await client.close()
        try await server.stop()
        let journal = server.folder.path + "/journal"
        for name in try FileManager.default.contentsOfDirectory(atPath: journal) {
            try FileManager.default.removeItem(atPath: journal + "/" + name)
        }

        let restarted = try await TestServer.start(folder: server.folder)
        let again = try await restarted.client(loggedInAs: player)
        #expect(try await again.send(SummonRequest(banner: "standard", pulls: 1), idempotencyKey: key) == first)
        #expect(try await again.collection() == before)
        await again.close()
        try await restarted.stopAndRemove()
    }
}
