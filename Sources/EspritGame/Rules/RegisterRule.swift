/// `register(name)`: the events that create a player (GAME.md, "Players and accounts").
///
/// Name uniqueness spans every shard, so the caller checks it; this rule checks everything
/// that depends on the name alone.
public enum RegisterRule {
    /// - Parameters:
    ///   - playerId: the id the caller allocated.
    ///   - tokenHash: SHA-256 of the token the caller will hand to the player.
    /// - Returns: the new player, with its events: `PlayerRegistered`, then the starting
    ///   balances and the starter Esprits (one random Esprit of the starter tier for each of
    ///   that many distinct random elements).
    /// - Throws: `GameError.validation` for a malformed name.
    @_specialize(exported: true, where Random == GameRandom)
    public static func run<Random: RandomNumberGenerator>(
        playerId: UInt64, name: String, tokenHash: [UInt8], context: CommandContext, rules: Ruleset,
        random: inout Random
    ) throws(GameError) -> RuleOutcome {
        let config = rules.config
        try PlayerName.validate(name, config: config)
        let registered = PlayerRegistered(
            name: name, tokenHash: tokenHash, level: 1, xp: 0, energy: config.maxEnergy(level: 1)
        )
        let first = GameEvent(playerId: playerId, context: context, payload: .playerRegistered(registered))
        var change = PlayerChange(PlayerState(id: playerId, registered: registered, at: context.now), context: context, rules: rules)
        try change.credit(.lumees, config.players.startingLumees, reason: "register")
        try change.credit(.revies, config.players.startingRevies, reason: "register")
        for element in Element.allCases.shuffled(using: &random).prefix(config.players.starterEsprits) {
            try change.addEsprit(rules.randomEsprit(element: element, tier: config.players.starterTier, using: &random), reason: "register")
        }
        return RuleOutcome(player: change.player, events: [first] + change.events)
    }
}
