import EspritGame
import EspritTestSupport
import Testing

/// Rules that draw a random Esprit refuse before drawing when some possible result would not
/// fit, so that the refusal (which costs nothing) never depends on the draw.
@Suite struct CollectionLimitTests {
    /// A player holding 500 stacks: 498 of ids outside the catalog, and Emberkit (1) and
    /// Dripkit (3), one copy each.
    private func fullPlayer(_ fixture: inout GameFixture) -> PlayerState {
        var player = fixture.newPlayer()
        player.esprits = EspritCollection()
        var baseId: UInt32 = 1_000
        while player.esprits.count < 498 {
            player.esprits.set(baseId: baseId, count: 1, stars: 0)
            baseId += 1
        }
        player.esprits.set(baseId: 1, count: 1, stars: 0)
        player.esprits.set(baseId: 3, count: 1, stars: 0)
        player.balances[.lumees] = 1_000_000
        player.balances[.revies] = 1_000_000
        player.balances[.fireShards] = 1_000
        return player
    }

    @Test func aFusionWithNoRoomIsRefusedWhateverTheRoll() {
        var fixture = GameFixture()
        var player = fullPlayer(&fixture)
        player.esprits.set(baseId: 1, count: 2, stars: 0)
        player.esprits.set(baseId: 3, count: 2, stars: 0)
        for var random in [ConstantRandom.low, ConstantRandom.high] {
            #expect(throws: GameError.limitReached(limit: 500, value: 501)) {
                try FuseRule.run(player: player, first: 1, second: 3, context: fixture.context(), rules: fixture.rules, random: &random).events
            }
        }
    }

    @Test func summonsCraftsAndDailyClaimsWithNoRoomAreRefusedBeforeDrawing() {
        var fixture = GameFixture()
        let player = fullPlayer(&fixture)
        #expect(player.esprits.count == 500)
        #expect(throws: GameError.limitReached(limit: 500, value: 501)) {
            try SummonRule.run(player: player, banner: "standard", pulls: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
        #expect(throws: GameError.limitReached(limit: 500, value: 501)) {
            try CraftRule.run(player: player, element: .fire, tier: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
        #expect(throws: GameError.limitReached(limit: 500, value: 501)) {
            try DailyRule.run(player: player, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }

    @Test func aStackAtTheCountLimitBlocksDrawsThatCouldLandOnIt() {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.esprits.set(baseId: 1, count: 9_999, stars: 0)
        player.balances[.fireShards] = 1_000
        #expect(throws: GameError.limitReached(limit: 9_999, value: 10_000)) {
            try CraftRule.run(player: player, element: .fire, tier: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }
}
