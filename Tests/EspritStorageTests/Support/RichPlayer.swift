import EspritGame
import EspritTestSupport

enum RichPlayer {
    /// A player with something in every field: stacks with stars, a leader, pity, a daily
    /// streak, buildings, every balance.
    static func make(id: UInt64) throws -> PlayerState {
        var random = SplitMix64(seed: id)
        let rules = Ruleset.default
        let context = CommandContext(correlationId: "c", commandId: "k", now: 1_795_219_200_000)
        var player = PlayerState(replaying: try RegisterRule.run(playerId: id, name: "Rich\(id)", tokenHash: Array(repeating: UInt8(id % 256), count: 32), context: context, rules: rules, random: &random).events)
        for currency in Currency.allCases { player.balances[currency] = Int64(currency.rawValue) * 1_000 + 7 }
        player.esprits.set(baseId: 40, count: 9_999, stars: 5)
        player.leader = 40
        player.pity = ["standard": 49, "limited": 3]
        player.daily = DailyState(lastClaimDay: 20_778, streak: 8)
        player.buildings = [BuildingState(type: "lumee_mine", level: 10, asOf: 1_795_219_260_000)]
        player.energy = Energy(value: 999, asOf: 1_795_219_200_123)
        player.level = 100
        player.xp = 123_456
        return player
    }
}
