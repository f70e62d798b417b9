/// An operator's grant of currency to a player.
public enum GrantRule {
    /// - Returns: one `CurrencyChanged` with reason `admin_grant`.
    /// - Throws: `validation` for a non-positive amount, `limitReached` when the balance would
    ///   pass the currency cap.
    public static func run(
        player: PlayerState, currency: Currency, amount: Int64, context: CommandContext, rules: Ruleset
    ) throws(GameError) -> RuleOutcome {
        let limit = rules.config.currencies.maxBalance
        guard amount > 0, amount <= limit else {
            throw .validation(field: "amount", reason: "must be 1–\(limit), got \(amount)")
        }
        var change = PlayerChange(player, context: context, rules: rules)
        try change.credit(currency, amount, reason: "admin_grant")
        return change.outcome
    }
}
