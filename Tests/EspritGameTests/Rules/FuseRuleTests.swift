import EspritGame
import EspritTestSupport
import Testing

@Suite struct FuseRuleTests {
    /// A player with no starters and `copies` of each given base Esprit, and `lumees`.
    private func player(_ fixture: inout GameFixture, copies: [UInt32: Int64], lumees: Int64 = 100_000) -> PlayerState {
        var player = fixture.newPlayer()
        for stack in player.esprits.stacks { player.esprits.set(baseId: stack.baseId, count: 0, stars: 0) }
        for (baseId, count) in copies { player.esprits.set(baseId: baseId, count: count, stars: 0) }
        player.balances[.lumees] = lumees
        return player
    }

    @Test func successConsumesBothAndGivesTheNextTierOfTheSharedElement() throws {
        var fixture = GameFixture()
        let before = player(&fixture, copies: [1: 1, 2: 1])
        var random = ConstantRandom.low
        let events = try FuseRule.run(player: before, first: 1, second: 2, context: fixture.context(), rules: fixture.rules, random: &random).events
        let after = GameFixture.applying(events, to: before)
        #expect(after.esprits[1] == nil && after.esprits[2] == nil)
        #expect(after.esprits.count == 1)
        let result = try #require(fixture.rules.esprit(after.esprits.stacks[0].baseId))
        #expect(result.tier == 2 && result.element == .fire)
        #expect(after.balances[.lumees] == 100_000 - 100)
        #expect(events.last?.name == "EspritFused")
    }

    @Test func failureStillCostsAndPaysShardsOfBothElements() throws {
        var fixture = GameFixture()
        let before = player(&fixture, copies: [13: 1, 15: 1])
        var random = ConstantRandom.high
        let events = try FuseRule.run(player: before, first: 13, second: 15, context: fixture.context(), rules: fixture.rules, random: &random).events
        let after = GameFixture.applying(events, to: before)
        #expect(after.esprits.count == 0)
        #expect(after.balances[.lumees] == 100_000 - 200)
        #expect(after.balances[.fireShards] == 10 && after.balances[.waterShards] == 10)
        #expect(events.last?.name == "FusionFailed")
    }

    /// The shards a failure would pay are checked before the draw, so a fusion near the shard
    /// cap is refused whether it would have succeeded or failed (it once depended on the draw).
    @Test func aFusionWhoseFailureWouldPassTheShardCapIsRefusedWhateverTheDraw() throws {
        var fixture = GameFixture()
        let cap = fixture.rules.config.currencies.maxBalance
        // A failure pays shards of each input's element: twice to fire for two fire Esprits of
        // tier 1; to fire and water for 13 and 15, of tier 2.
        let tierOne = FuseRule.failureShards(tier: 1, config: fixture.rules.config)
        let tierTwo = FuseRule.failureShards(tier: 2, config: fixture.rules.config)
        var sameElement = player(&fixture, copies: [1: 1, 2: 1])
        sameElement.balances[.fireShards] = cap - 2 * tierOne + 1
        var twoElements = player(&fixture, copies: [13: 1, 15: 1])
        twoElements.balances[.waterShards] = cap - tierTwo + 1
        for draw in [ConstantRandom.low, ConstantRandom.high] {
            var random = draw
            #expect(throws: GameError.limitReached(limit: cap, value: cap + 1)) {
                try FuseRule.run(player: sameElement, first: 1, second: 2, context: fixture.context(), rules: fixture.rules, random: &random)
            }
            #expect(throws: GameError.limitReached(limit: cap, value: cap + 1)) {
                try FuseRule.run(player: twoElements, first: 13, second: 15, context: fixture.context(), rules: fixture.rules, random: &random)
            }
        }
        sameElement.balances[.fireShards] = cap - 2 * tierOne
        var failing = ConstantRandom.high
        let after = GameFixture.applying(
            try FuseRule.run(player: sameElement, first: 1, second: 2, context: fixture.context(), rules: fixture.rules, random: &failing).events, to: sameElement
        )
        #expect(after.balances[.fireShards] == cap)
    }

    @Test func fusingAnEspritWithItselfNeedsTwoCopies() throws {
        var fixture = GameFixture()
        let single = player(&fixture, copies: [1: 1])
        var random = ConstantRandom.low
        #expect(throws: GameError.insufficient(resource: "esprit 1", required: 2, current: 1)) {
            try FuseRule.run(player: single, first: 1, second: 1, context: fixture.context(), rules: fixture.rules, random: &random).events
        }
        let double = player(&fixture, copies: [1: 2])
        let after = GameFixture.applying(try FuseRule.run(player: double, first: 1, second: 1, context: fixture.context(), rules: fixture.rules, random: &random).events, to: double)
        #expect(after.esprits[1] == nil)
    }

    @Test func theRefusalsSayWhy() {
        var fixture = GameFixture()
        let mixed = player(&fixture, copies: [1: 1, 13: 1, 205: 2])
        let poor = player(&fixture, copies: [1: 1, 2: 1], lumees: 99)
        var random = ConstantRandom.low
        #expect(throws: GameError.notFound(entity: "esprit", id: "3")) {
            try FuseRule.run(player: mixed, first: 1, second: 3, context: fixture.context(), rules: fixture.rules, random: &random).events
        }
        #expect(throws: GameError.invalidOperation(operation: "fuse", reason: "the Esprits are of tiers 1 and 2; fusion needs one tier")) {
            try FuseRule.run(player: mixed, first: 1, second: 13, context: fixture.context(), rules: fixture.rules, random: &random).events
        }
        #expect(throws: GameError.invalidOperation(operation: "fuse", reason: "tier 18 is the highest; it cannot be fused")) {
            try FuseRule.run(player: mixed, first: 205, second: 205, context: fixture.context(), rules: fixture.rules, random: &random).events
        }
        #expect(throws: GameError.insufficient(resource: "lumees", required: 100, current: 99)) {
            try FuseRule.run(player: poor, first: 1, second: 2, context: fixture.context(), rules: fixture.rules, random: &random).events
        }
    }

    @Test func costAndChanceFollowGameMd() {
        let config = GameConfig()
        #expect(FuseRule.cost(tier: 1, config: config) == 100)
        #expect(FuseRule.cost(tier: 17, config: config) == 100 * 65_536)
        #expect(abs(FuseRule.successChance(tier: 1, config: config) - 0.90) < 1e-9)
        #expect(abs(FuseRule.successChance(tier: 11, config: config) - 0.50) < 1e-9)
        #expect(abs(FuseRule.successChance(tier: 17, config: config) - 0.30) < 1e-9)
    }
}
