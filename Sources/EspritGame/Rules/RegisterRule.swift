/// `register(name)`: the events that create a player (GAME.md, "Players and accounts").
///
/// Name uniqueness spans every shard, so the caller checks it; this rule checks everything
/// that depends on the name alone.
public enum RegisterRule {
    /// - Parameters:
    ///   - playerId: the id the caller allocated.
    ///   - tokenHash: SHA-256 of the token the caller will hand to the player.
    /// - Returns: `PlayerRegistered`, then one `CurrencyChanged` per starting balance.
    /// - Throws: `GameError.validation` for a malformed name.
    public static func events(
        playerId: UInt64, name: String, tokenHash: [UInt8], context: CommandContext, config: GameConfig
    ) throws(GameError) -> [GameEvent] {
        try PlayerName.validate(name, config: config)
        let registered = PlayerRegistered(
            name: name, tokenHash: tokenHash, level: 1, xp: 0, energy: config.maxEnergy(level: 1)
        )
        var events = [GameEvent(playerId: playerId, context: context, payload: .playerRegistered(registered))]
        for (currency, amount) in [(Currency.lumees, config.startingLumees), (.revies, config.startingRevies)] where amount != 0 {
            let change = CurrencyChanged(currency: currency, delta: amount, balanceAfter: amount, reason: "register")
            events.append(GameEvent(playerId: playerId, context: context, payload: .currencyChanged(change)))
        }
        return events
    }
}
