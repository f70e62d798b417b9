import EspritGame
import EspritProtocol

/// `CLAIM_DAILY`: the daily echo, once per UTC day (``DailyRule``).
enum ClaimDailyOperation: GameRuleOperation {
    typealias Message = ClaimDailyRequest

    static func rule(for message: ClaimDailyRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, random throws(GameError) in
            try DailyRule.run(player: player, context: command, rules: rules, random: &random)
        }
        return .success(rule)
    }
}
