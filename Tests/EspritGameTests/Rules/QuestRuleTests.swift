import EspritGame
import EspritTestSupport
import Testing

@Suite struct QuestRuleTests {
    @Test func aQuestSpendsEnergyAndPaysItsRewards() throws {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        let events = try QuestRule.run(player: player, zone: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        let after = GameFixture.applying(events, to: player)
        #expect(after.energy.value == 50 - 6)
        #expect(after.xp == 10)
        let paid = after.balances[.lumees] - player.balances[.lumees]
        #expect((40...60).contains(paid))
        guard case let .questCompleted(quest) = events.first(where: { $0.name == "QuestCompleted" })?.payload else {
            Issue.record("no QuestCompleted")
            return
        }
        #expect(quest.zone == 1 && quest.xpGained == 10 && quest.lumees == paid)
    }

    @Test func lumeesVaryByTwentyPercentAndCapturesHappenAboutOneTimeInTen() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.level = 60
        var captures = 0
        var paid = Set<Int64>()
        for _ in 0..<2_000 {
            player.energy = Energy(value: 248, asOf: fixture.now)
            let events = try QuestRule.run(player: player, zone: 20, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
            guard case let .questCompleted(quest) = events.first(where: { $0.name == "QuestCompleted" })?.payload else { continue }
            paid.insert(quest.lumees)
            if let captured = quest.captured {
                captures += 1
                #expect(fixture.rules.esprit(captured)?.tier == 6)
            }
        }
        #expect(paid.min() == 800 && paid.max() == 1_200)
        #expect((140...260).contains(captures))
    }

    /// Near the balance cap a quest is refused unless its largest payout fits, whatever it
    /// would have drawn: a refusal never depends on the draw.
    @Test func aQuestWhoseLargestPayoutWouldPassTheCapIsRefusedWhateverTheDraw() throws {
        var fixture = GameFixture()
        let cap = fixture.rules.config.currencies.maxBalance
        let largest = QuestRule.lumeesRange(zone: 1, config: fixture.rules.config).upperBound
        var player = fixture.newPlayer()
        player.balances[.lumees] = cap - largest + 1
        for draw in [ConstantRandom.low, ConstantRandom.high] {
            var random = draw
            #expect(throws: GameError.limitReached(limit: cap, value: cap + 1)) {
                try QuestRule.run(player: player, zone: 1, context: fixture.context(), rules: fixture.rules, random: &random)
            }
        }
        player.balances[.lumees] = cap - largest
        var highest = ConstantRandom.high
        let after = GameFixture.applying(try QuestRule.run(player: player, zone: 1, context: fixture.context(), rules: fixture.rules, random: &highest).events, to: player)
        #expect(after.balances[.lumees] == cap)
    }

    @Test func anUnknownZoneIsAValidationError() {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        #expect(throws: GameError.validation(field: "zone", reason: "must be 1–20, got 21")) {
            try QuestRule.run(player: player, zone: 21, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }

    @Test func aZoneAboveThePlayersLevelIsRefused() {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        #expect(throws: GameError.insufficient(resource: "level", required: 4, current: 1)) {
            try QuestRule.run(player: player, zone: 2, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }

    @Test func energyIsCheckedAfterRegeneration() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.energy = Energy(value: 3, asOf: fixture.now)
        #expect(throws: GameError.insufficient(resource: "energy", required: 6, current: 3)) {
            try QuestRule.run(player: player, zone: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
        let later = fixture.now + 3 * 300_000 + 1_000
        let events = try QuestRule.run(player: player, zone: 1, context: fixture.context(at: later), rules: fixture.rules, random: &fixture.random).events
        let after = GameFixture.applying(events, to: player)
        #expect(after.energy == Energy(value: 0, asOf: fixture.now + 3 * 300_000))
    }

    /// xp for several levels at once: each level-up refills energy and pays 10 revies.
    @Test func oneQuestMayCrossSeveralLevels() throws {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.xp = 100 + 283 + 520 - 5
        let events = try QuestRule.run(player: player, zone: 1, context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        let after = GameFixture.applying(events, to: player)
        #expect(events.filter { $0.name == "PlayerLeveledUp" }.count == 3)
        #expect(after.level == 4)
        #expect(after.xp == 5)
        #expect(after.energy.value == fixture.config.maxEnergy(level: 4))
        #expect(after.balances[.revies] == player.balances[.revies] + 30)
    }
}
