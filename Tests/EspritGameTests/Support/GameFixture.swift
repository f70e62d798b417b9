import EspritGame
import EspritTestSupport

/// Players and contexts for rule tests: the default rules, a seeded random source, a fixed clock.
struct GameFixture {
    var rules = Ruleset.default
    var random = SplitMix64(seed: 2026)
    var now: Int64 = 1_795_219_200_000

    var config: GameConfig { rules.config }

    func context(at time: Int64? = nil) -> CommandContext {
        CommandContext(correlationId: "corr", commandId: "cmd", now: time ?? now)
    }

    /// A freshly registered player (starting balances and starter Esprits included).
    mutating func newPlayer(id: UInt64 = 1, name: String = "Ayla") -> PlayerState {
        let events = try! RegisterRule.run(playerId: id, name: name, tokenHash: [], context: context(), rules: rules, random: &random).events
        return PlayerState(replaying: events)
    }

    /// Applies `events` to `player`, as the shard and replay do.
    static func applying(_ events: [GameEvent], to player: PlayerState) -> PlayerState {
        var player = player
        for event in events { player.apply(event) }
        return player
    }
}
