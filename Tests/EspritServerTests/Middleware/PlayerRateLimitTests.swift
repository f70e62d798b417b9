import EspritClient
import EspritGame
import EspritProtocol
@testable import EspritServer
import NIOCore
import Testing

/// A player past its rate is answered `RATE_LIMITED(retryAfterMs)`, and the refused request
/// changes nothing; reads and operators' requests take from other buckets.
@Suite struct PlayerRateLimitTests {
    @Test func requestsPastTheBurstAreRefusedAndChangeNothing() async throws {
        var limits = PlayerRateLimits()
        limits.changesPerSecond = 1
        limits.changeBurst = 3
        let server = try await TestServer.start(playerRateLimits: limits)
        let raw = try RawConnection(port: server.port)
        raw.sendHello()
        _ = try raw.readFrame()
        try raw.registerAndLogIn(name: "Hasty")

        // Pipelined, so that the server takes all six in one turn: the burst's three pass, and
        // the next token is a second away.
        var burst = ByteBuffer()
        for requestId in 1...UInt32(6) {
            ClientFrame.request(RequestFrame(requestId: requestId, request: QuestRequest(zone: 1))).encode(into: &burst)
        }
        raw.send(Array(burst.readableBytesView))
        var quests = 0
        var refusals: [WireError] = []
        for _ in 0..<6 {
            switch try raw.readFrame() {
            case .response?: quests += 1
            case let .error(error)?: refusals.append(error.error)
            default: Issue.record("expected an answer")
            }
        }
        #expect(quests == 3)
        #expect(refusals.count == 3)
        for refusal in refusals {
            guard case let .rateLimited(retryAfterMs) = refusal.details else {
                Issue.record("expected RATE_LIMITED, got \(refusal)")
                continue
            }
            #expect((1...1_000).contains(retryAfterMs))
        }
        #expect(server.server.statistics.rateLimitedRequests == 3)

        // Only the three quests taken changed the player; reads have a bucket of their own.
        raw.send(.request(RequestFrame(requestId: 7, request: GetProfileRequest())))
        guard case let .response(answer)? = try raw.readFrame(), let profile = answer.response as? ProfileResponse else {
            Issue.record("expected the profile")
            return
        }
        #expect(profile.xp == 3 * QuestRule.xpGained(zone: 1, config: Ruleset.default.config))

        // An operator's grant is not a player's request.
        let admin = try await server.adminClient()
        _ = try await admin.grant(playerId: profile.playerId, currency: Currency.lumees.rawValue, amount: 1)
        await admin.close()
        raw.hangUp()
        try await server.stopAndRemove()
    }
}
