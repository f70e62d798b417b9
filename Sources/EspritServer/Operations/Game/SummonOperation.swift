import EspritGame
import EspritProtocol

/// `SUMMON`: pulls on a banner, with pity (``SummonRule``).
enum SummonOperation: GameRuleOperation {
    typealias Message = SummonRequest

    static func rule(for message: SummonRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, random throws(GameError) in
            try SummonRule.run(player: player, banner: message.banner, pulls: Int(message.pulls), context: command, rules: rules, random: &random)
        }
        return .success(rule)
    }
}
