import EspritGame
import EspritTestSupport
import Testing

@Suite struct LeaderAndTeamPowerTests {
    /// A player owning exactly `stacks` (baseId → (count, stars)).
    private func player(_ fixture: inout GameFixture, _ stacks: [UInt32: (Int64, Int)]) -> PlayerState {
        var player = fixture.newPlayer()
        player.esprits = EspritCollection()
        for (baseId, (count, stars)) in stacks { player.esprits.set(baseId: baseId, count: count, stars: stars) }
        return player
    }

    /// Tier-18 fire a (6 728 power) × 3 fills three places; stars add 10% each.
    @Test func theTeamIsTheSixStrongestCopies() {
        var fixture = GameFixture()
        let owner = player(&fixture, [205: (3, 0), 207: (1, 2), 1: (10, 0), 193: (5, 0)])
        let team = TeamPower.team(of: owner, rules: fixture.rules)
        #expect(team.map(\.baseId) == [207, 205, 205, 205, 193, 193])
        #expect(abs(team[0].power - 8_073.6) < 1e-6)
        let expected: Double = 8_073.6 + 3 * 6_728 + 2 * 5_097
        #expect(TeamPower.of(owner, rules: fixture.rules) == Int64(expected.rounded(.down)))
    }

    @Test func theLeaderBoostsItsElement() throws {
        var fixture = GameFixture()
        let owner = player(&fixture, [205: (1, 0), 207: (1, 0)])
        let led = GameFixture.applying(try LeaderRule.run(player: owner, baseId: 205, context: fixture.context(), rules: fixture.rules).events, to: owner)
        #expect(led.leader == 205)
        #expect(TeamPower.team(of: led, rules: fixture.rules).map(\.baseId) == [205, 207])
        let expected: Double = 6_728 * 1.1 + 6_728
        #expect(TeamPower.of(led, rules: fixture.rules) == Int64(expected.rounded(.down)))
        #expect(throws: GameError.notFound(entity: "esprit", id: "1")) {
            try LeaderRule.run(player: owner, baseId: 1, context: fixture.context(), rules: fixture.rules).events
        }
    }

    @Test func theLeaderIsClearedWhenItsStackDisappears() throws {
        var fixture = GameFixture()
        var owner = player(&fixture, [1: (1, 0), 2: (1, 0)])
        owner.balances[.lumees] = 1_000
        owner = GameFixture.applying(try LeaderRule.run(player: owner, baseId: 1, context: fixture.context(), rules: fixture.rules).events, to: owner)
        var random = ConstantRandom.low
        let events = try FuseRule.run(player: owner, first: 1, second: 2, context: fixture.context(), rules: fixture.rules, random: &random).events
        #expect(events.contains { $0.payload == .leaderChanged(LeaderChanged(baseId: nil)) })
        #expect(GameFixture.applying(events, to: owner).leader == nil)
    }
}
