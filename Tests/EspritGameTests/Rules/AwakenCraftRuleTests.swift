import EspritGame
import EspritTestSupport
import Testing

@Suite struct AwakenRuleTests {
    @Test func awakeningConsumesCopiesAndLumeesAndAddsAStar() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.esprits.set(baseId: 40, count: 10, stars: 2)
        player.balances[.lumees] = 10_000
        let events = try AwakenRule.run(player: player, baseId: 40, context: fixture.context(), rules: fixture.rules).events
        let after = GameFixture.applying(events, to: player)
        #expect(after.esprits[40] == EspritStack(baseId: 40, count: 7, stars: 3))
        #expect(after.balances[.lumees] == 10_000 - 4_500)
    }

    @Test func fiveStarsIsTheLimit() {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.esprits.set(baseId: 40, count: 50, stars: 5)
        #expect(throws: GameError.invalidOperation(operation: "awaken", reason: "Esprit 40 already has 5 stars")) {
            try AwakenRule.run(player: player, baseId: 40, context: fixture.context(), rules: fixture.rules).events
        }
    }

    @Test func itNeedsStarsPlusTwoCopies() {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.esprits.set(baseId: 40, count: 3, stars: 2)
        #expect(throws: GameError.insufficient(resource: "esprit 40", required: 4, current: 3)) {
            try AwakenRule.run(player: player, baseId: 40, context: fixture.context(), rules: fixture.rules).events
        }
        #expect(throws: GameError.notFound(entity: "esprit", id: "41")) {
            try AwakenRule.run(player: player, baseId: 41, context: fixture.context(), rules: fixture.rules).events
        }
    }
}

@Suite struct CraftRuleTests {
    @Test func craftingTurnsShardsIntoAnEspritOfThatElementAndTier() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.balances[.earthShards] = 200
        let events = try CraftRule.run(player: player, element: .earth, tier: 3, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        let after = GameFixture.applying(events, to: player)
        #expect(after.balances[.earthShards] == 120)
        guard case let .espritCrafted(crafted) = events.last?.payload else {
            Issue.record("no EspritCrafted")
            return
        }
        #expect(fixture.rules.esprit(crafted.baseId)?.element == .earth && fixture.rules.esprit(crafted.baseId)?.tier == 3)
        #expect(after.esprits[crafted.baseId]?.count == 1)
    }

    @Test func tiersOutsideOneToSixAndMissingShardsAreRefused() {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        #expect(throws: GameError.validation(field: "tier", reason: "must be 1–6, got 7")) {
            try CraftRule.run(player: player, element: .fire, tier: 7, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
        #expect(throws: GameError.insufficient(resource: "shards.fire", required: 20, current: 0)) {
            try CraftRule.run(player: player, element: .fire, tier: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }
}
