import EspritGame
import EspritProtocol

/// `CLAIM_DAILY`: the daily echo, once per UTC day (``DailyRule``).
enum ClaimDailyOperation: GameRuleOperation {
    static let opcode = Opcode.claimDaily

    static func message(in request: Request) -> EmptyRequest? {
        if case let .claimDaily(message) = request { message } else { nil }
    }

    static func rule(for message: EmptyRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, random throws(GameError) in
            try DailyRule.run(player: player, context: command, rules: rules, random: &random)
        }
        return .success(rule)
    }
}
