import EspritClient
import EspritGame
import EspritProtocol
@testable import EspritServer
import Testing

/// A player past its rate is answered `RATE_LIMITED(retryAfterMs)`, and the refused request
/// changes nothing; reads and operators' requests take from other buckets.
@Suite struct PlayerRateLimitTests {
    @Test func requestsPastTheBurstAreRefusedAndChangeNothing() async throws {
        var limits = PlayerRateLimits()
        limits.changesPerSecond = 1
        limits.changeBurst = 3
        let server = try await TestServer.start(playerRateLimits: limits)
        let client = try await server.client()
        let player = try await client.register(name: "Hasty")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let before = try await client.profile()

        var refusals: [WireError] = []
        var quests = 0
        for _ in 0..<6 {
            if let refusal = await rejection({ _ = try await client.quest(zone: 1) }) {
                refusals.append(refusal)
            } else {
                quests += 1
            }
        }
        // Three from the burst; the rest come faster than one a second.
        #expect(quests >= 3 && quests <= 4)
        #expect(refusals.count == 6 - quests)
        for refusal in refusals {
            guard case let .rateLimited(retryAfterMs) = refusal.details else {
                Issue.record("expected RATE_LIMITED, got \(refusal)")
                continue
            }
            #expect((1...1_000).contains(retryAfterMs))
        }
        let after = try await client.profile()
        #expect(after.xp == before.xp + Int64(quests) * QuestRule.xpGained(zone: 1, config: Ruleset.default.config))
        #expect(server.server.statistics.rateLimitedRequests == refusals.count)

        // Reads have a bucket of their own, and an operator's grant is not a player's request.
        _ = try await client.collection()
        let admin = try await server.adminClient()
        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1)
        await admin.close()
        await client.close()
        try await server.stopAndRemove()
    }
}
