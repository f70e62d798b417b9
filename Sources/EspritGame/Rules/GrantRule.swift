/// An operator's grant of currency to a player.
public enum GrantRule {
    /// - Returns: one `CurrencyChanged` with reason `admin_grant`.
    /// - Throws: `validation` for a non-positive amount, `limitReached` when the balance would
    ///   pass the currency cap.
    public static func events(
        player: PlayerState, currency: Currency, amount: Int64, context: CommandContext, config: GameConfig
    ) throws(GameError) -> [GameEvent] {
        guard amount > 0, amount <= config.maxBalance else {
            throw .validation(field: "amount", reason: "must be 1–\(config.maxBalance), got \(amount)")
        }
        let before = player.balances[currency]
        let after = before + amount
        guard after <= config.maxBalance else {
            throw .limitReached(limit: config.maxBalance, value: after)
        }
        let change = CurrencyChanged(currency: currency, delta: amount, balanceAfter: after, reason: "admin_grant")
        return [GameEvent(playerId: player.id, context: context, payload: .currencyChanged(change))]
    }
}
