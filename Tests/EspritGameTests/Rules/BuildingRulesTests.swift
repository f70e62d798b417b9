import EspritGame
import EspritTestSupport
import Testing

@Suite struct BuildingRulesTests {
    let hour: Int64 = 3_600_000

    private func playerWithMine(_ fixture: inout GameFixture, lumees: Int64 = 1_000_000) throws -> PlayerState {
        var player = fixture.newPlayer()
        player.balances[.lumees] = lumees
        return GameFixture.applying(try BuildingRules.build(player: player, type: "lumee_mine", context: fixture.context(), rules: fixture.rules).events, to: player)
    }

    @Test func buildingCostsAndStartsProducingNow() throws {
        var fixture = GameFixture()
        let player = try playerWithMine(&fixture)
        #expect(player.building("lumee_mine") == BuildingState(type: "lumee_mine", level: 1, asOf: fixture.now))
        #expect(player.balances[.lumees] == 1_000_000 - 1_000)
        #expect(throws: GameError.invalidOperation(operation: "build", reason: "lumee_mine is already built")) {
            try BuildingRules.build(player: player, type: "lumee_mine", context: fixture.context(), rules: fixture.rules).events
        }
        #expect(throws: GameError.notFound(entity: "building type", id: "castle")) {
            try BuildingRules.build(player: player, type: "castle", context: fixture.context(), rules: fixture.rules).events
        }
        #expect(throws: GameError.notFound(entity: "building", id: "revie_shrine")) {
            try BuildingRules.collect(player: player, type: "revie_shrine", context: fixture.context(), rules: fixture.rules).events
        }
    }

    /// 90 seconds at 60 per hour is 1.5 lumees: 1 is paid, the half carries over.
    @Test func collectingKeepsTheFractionNotYetPaid() throws {
        var fixture = GameFixture()
        let player = try playerWithMine(&fixture)
        let first = GameFixture.applying(try BuildingRules.collect(player: player, type: "lumee_mine", context: fixture.context(at: fixture.now + 90_000), rules: fixture.rules).events, to: player)
        #expect(first.balances[.lumees] == player.balances[.lumees] + 1)
        #expect(first.building("lumee_mine")?.asOf == fixture.now + 60_000)
        let second = GameFixture.applying(try BuildingRules.collect(player: first, type: "lumee_mine", context: fixture.context(at: fixture.now + 120_000), rules: fixture.rules).events, to: first)
        #expect(second.balances[.lumees] == player.balances[.lumees] + 2)
    }

    @Test func productionStopsAtEightHoursWorth() throws {
        var fixture = GameFixture()
        let player = try playerWithMine(&fixture)
        let later = fixture.now + 30 * hour
        let after = GameFixture.applying(try BuildingRules.collect(player: player, type: "lumee_mine", context: fixture.context(at: later), rules: fixture.rules).events, to: player)
        #expect(after.balances[.lumees] == player.balances[.lumees] + 480)
        #expect(after.building("lumee_mine")?.asOf == later)
    }

    @Test func upgradingCollectsFirstThenPaysTheLevelCost() throws {
        var fixture = GameFixture()
        let player = try playerWithMine(&fixture)
        let events = try BuildingRules.upgrade(player: player, type: "lumee_mine", context: fixture.context(at: fixture.now + 2 * hour), rules: fixture.rules).events
        #expect(events.map(\.name) == ["CurrencyChanged", "BuildingCollected", "CurrencyChanged", "BuildingUpgraded"])
        let after = GameFixture.applying(events, to: player)
        #expect(after.building("lumee_mine")?.level == 2)
        #expect(after.balances[.lumees] == player.balances[.lumees] + 120 - 4_000)
    }

    @Test func theTopLevelCannotBeUpgraded() throws {
        var fixture = GameFixture()
        var player = try playerWithMine(&fixture)
        player.buildings[0].level = 10
        #expect(throws: GameError.limitReached(limit: 10, value: 11)) {
            try BuildingRules.upgrade(player: player, type: "lumee_mine", context: fixture.context(), rules: fixture.rules).events
        }
    }

    @Test func buildingWithoutLumeesIsRefused() {
        var fixture = GameFixture()
        var player = fixture.newPlayer()
        player.balances[.lumees] = 4_999
        #expect(throws: GameError.insufficient(resource: "lumees", required: 5_000, current: 4_999)) {
            try BuildingRules.build(player: player, type: "revie_shrine", context: fixture.context(), rules: fixture.rules).events
        }
    }
}
