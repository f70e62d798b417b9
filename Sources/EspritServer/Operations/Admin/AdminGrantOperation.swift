import EspritGame
import EspritProtocol

/// `ADMIN_GRANT`: currency for any player, on that player's shard (``GrantRule``).
enum AdminGrantOperation: Operation {
    static let access = Access.admin

    static func run(_ message: AdminGrantRequest, _ call: RequestCall) {
        guard let currency = Currency(rawValue: message.currency) else {
            return call.fail(.validation(field: "currency", reason: "unknown currency code \(message.currency)"))
        }
        let (playerId, amount, command) = (message.playerId, message.amount, call.command)
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try GrantRule.run(player: player, currency: currency, amount: amount, context: command, rules: rules)
        }
        call.answer(forPlayer: playerId) { shard, playerId in
            ShardReply(
                shard.play(playerId, rule) {
                    AdminGrantResponse(playerId: playerId, currency: currency.rawValue, balance: $0.player.balances[currency])
                })
        }
    }
}
