import EspritGame
import EspritTestSupport
import Testing

@Suite struct DailyRuleTests {
    let day: Int64 = 86_400_000

    @Test func oncePerUtcDayThenAlreadyClaimedWithTheNextReset() throws {
        var fixture = GameFixture()
        let midday = 20_000 * day + day / 2
        let player = fixture.newPlayer()
        let claimed = GameFixture.applying(try DailyRule.run(player: player, context: fixture.context(at: midday), rules: fixture.rules, random: &fixture.random).events, to: player)
        #expect(claimed.daily == DailyState(lastClaimDay: 20_000, streak: 1))
        #expect(throws: GameError.alreadyClaimed(nextResetAt: 20_001 * day)) {
            try DailyRule.run(player: claimed, context: fixture.context(at: 20_001 * day - 1), rules: fixture.rules, random: &fixture.random).events
        }
        _ = try DailyRule.run(player: claimed, context: fixture.context(at: 20_001 * day), rules: fixture.rules, random: &fixture.random).events
    }

    /// The machine's clock set back a day after a claim must not buy a second one.
    @Test func aDayEarlierThanTheLastClaimIsAlreadyClaimed() throws {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        let claimed = GameFixture.applying(try DailyRule.run(player: player, context: fixture.context(at: 20_000 * day + 5), rules: fixture.rules, random: &fixture.random).events, to: player)
        #expect(throws: GameError.alreadyClaimed(nextResetAt: 20_001 * day)) {
            try DailyRule.run(player: claimed, context: fixture.context(at: 19_999 * day + 5), rules: fixture.rules, random: &fixture.random).events
        }
        #expect(claimed.latestTime >= 20_000 * day)
    }

    /// Consecutive days build the streak and its lumees bonus; a missed day resets both.
    @Test func theStreakGrowsAndAMissedDayResetsIt() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        var random = ConstantRandom.low
        var amounts: [Int64] = []
        for offset in [0, 1, 2, 3, 4, 5, 6, 7, 8, 10] as [Int64] {
            let events = try DailyRule.run(player: player, context: fixture.context(at: (20_000 + offset) * day), rules: fixture.rules, random: &random).events
            guard case let .dailyClaimed(claim) = events.last?.payload else {
                Issue.record("no DailyClaimed")
                return
            }
            #expect(claim.reward == .lumees)
            amounts.append(claim.amount)
            player = GameFixture.applying(events, to: player)
        }
        #expect(amounts == [500, 550, 600, 650, 700, 750, 800, 850, 850, 500])
        #expect(player.daily.streak == 1)
    }

    @Test func theEchoTableOddsMatchTheConfig() throws {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        var counts: [EchoOutcome.Reward: Int] = [:]
        let claims = 20_000
        for _ in 0..<claims {
            let events = try DailyRule.run(player: player, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
            guard case let .dailyClaimed(claim) = events.last?.payload else { continue }
            counts[claim.reward, default: 0] += 1
            switch claim.reward {
            case .lumees: #expect((500...1_500).contains(claim.amount))
            case .revies: #expect((10...30).contains(claim.amount))
            case .shards: #expect(claim.amount == 10 && claim.element != nil)
            case .esprit: #expect(claim.baseId.flatMap { fixture.rules.esprit($0)?.tier } == 2)
            }
        }
        #expect(abs(Double(counts[.lumees, default: 0]) / Double(claims) - 0.60) < 0.02)
        #expect(abs(Double(counts[.revies, default: 0]) / Double(claims) - 0.25) < 0.02)
        #expect(abs(Double(counts[.shards, default: 0]) / Double(claims) - 0.10) < 0.015)
        #expect(abs(Double(counts[.esprit, default: 0]) / Double(claims) - 0.05) < 0.01)
    }
}
