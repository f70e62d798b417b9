import EspritGame
import EspritTestSupport
import Testing

@Suite struct SummonRuleTests {
    private func tiers(of events: [GameEvent], rules: Ruleset) -> [Int] {
        guard case let .summonPerformed(summon) = events.last?.payload else { return [] }
        return summon.results.compactMap { rules.esprit($0)?.tier }
    }

    @Test func aSinglePullCostsThirtyRevies() throws {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        let events = try SummonRule.run(player: player, banner: "standard", pulls: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        let after = GameFixture.applying(events, to: player)
        #expect(after.balances[.revies] == 20)
        #expect(tiers(of: events, rules: fixture.rules).count == 1)
    }

    @Test func aTenPullCosts270AndHoldsATierThreeOrBetter() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        for _ in 0..<300 {
            player.balances[.revies] = 270
            let events = try SummonRule.run(player: player, banner: "standard", pulls: 10, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
            let pulled = tiers(of: events, rules: fixture.rules)
            #expect(pulled.count == 10)
            #expect(pulled.contains { $0 >= 3 })
            #expect(GameFixture.applying(events, to: player).balances[.revies] == 0)
        }
    }

    /// All-tier-1 draws: the last pull of a ten-pull is upgraded to tier 3.
    @Test func theLastPullIsUpgradedWhenNothingReachesTierThree() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.balances[.revies] = 270
        var random = ConstantRandom.low
        let events = try SummonRule.run(player: player, banner: "standard", pulls: 10, context: fixture.context(), rules: fixture.rules, random: &random).events
        #expect(tiers(of: events, rules: fixture.rules) == Array(repeating: 1, count: 9) + [3])
    }

    @Test func theFiftiethPullWithoutTierFiveIsTierFive() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.pity["standard"] = 48
        player.balances[.revies] = 60
        var random = ConstantRandom.low
        let first = try SummonRule.run(player: player, banner: "standard", pulls: 1, context: fixture.context(), rules: fixture.rules, random: &random).events
        #expect(tiers(of: first, rules: fixture.rules) == [1])
        player = GameFixture.applying(first, to: player)
        #expect(player.pity["standard"] == 49)
        let fiftieth = try SummonRule.run(player: player, banner: "standard", pulls: 1, context: fixture.context(), rules: fixture.rules, random: &random).events
        #expect(tiers(of: fiftieth, rules: fixture.rules) == [5])
        #expect(GameFixture.applying(fiftieth, to: player).pity["standard"] == 0)
    }

    /// 100 000 seeded single pulls, pity reset before each so that only the weights act:
    /// tiers 55:28:12:4:1, elements uniform.
    @Test func tierAndElementOddsMatchTheConfig() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        var tierCounts = [Int](repeating: 0, count: 6)
        var elementCounts = [Element: Int]()
        let pulls = 100_000
        for _ in 0..<pulls {
            player.balances[.revies] = 30
            player.pity = [:]
            let events = try SummonRule.run(player: player, banner: "standard", pulls: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
            guard case let .summonPerformed(summon) = events.last?.payload, let esprit = fixture.rules.esprit(summon.results[0]) else { continue }
            tierCounts[esprit.tier] += 1
            elementCounts[esprit.element, default: 0] += 1
        }
        let share = tierCounts.map { Double($0) / Double(pulls) }
        #expect(abs(share[1] - 0.55) < 0.01)
        #expect(abs(share[2] - 0.28) < 0.01)
        #expect(abs(share[3] - 0.12) < 0.006)
        #expect(abs(share[4] - 0.04) < 0.004)
        #expect(abs(share[5] - 0.01) < 0.002)
        for element in Element.allCases {
            #expect(abs(Double(elementCounts[element, default: 0]) / Double(pulls) - 1.0 / 6) < 0.01, "\(element.name)")
        }
    }

    @Test func theRefusalsSayWhy() {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        #expect(throws: GameError.notFound(entity: "banner", id: "limited")) {
            try SummonRule.run(player: player, banner: "limited", pulls: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
        #expect(throws: GameError.validation(field: "pulls", reason: "must be 1 or 10, got 3")) {
            try SummonRule.run(player: player, banner: "standard", pulls: 3, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
        #expect(throws: GameError.insufficient(resource: "revies", required: 270, current: 50)) {
            try SummonRule.run(player: player, banner: "standard", pulls: 10, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }
}
