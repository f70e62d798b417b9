import EspritGame
import EspritProtocol

/// `ADMIN_GRANT`: currency for any player, on that player's shard (``GrantRule``). An
/// idempotency key goes with the target player: a support tool that retries a grant to player
/// 7 under key K pays player 7 once.
enum AdminGrantOperation: Operation {
    static let access = Access.admin
    static let takesIdempotencyKey = true

    static func run(_ message: AdminGrantRequest, _ call: RequestCall) {
        guard let currency = Currency(rawValue: message.currency) else {
            return call.fail(.validation(field: "currency", reason: "unknown currency code \(message.currency)"))
        }
        let (playerId, amount, command) = (message.playerId, message.amount, call.command)
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try GrantRule.run(player: player, currency: currency, amount: amount, context: command, rules: rules)
        }
        let claim = call.idempotency
        call.answer(forPlayer: playerId) { shard, playerId in
            ShardReply(
                shard.play(playerId, rule, claim: claim) { events in
                    AdminGrantResponse(playerId: playerId, currency: currency.rawValue, balance: balance(of: currency, after: events))
                })
        }
    }

    /// The balance the grant's `CurrencyChanged` left: the answer is built from the events
    /// alone, so that a retried key answers the same from the events it kept.
    private static func balance(of currency: Currency, after events: [GameEvent]) -> Int64 {
        for event in events.reversed() {
            if case let .currencyChanged(change) = event.payload, change.currency == currency { return change.balanceAfter }
        }
        return 0
    }
}
