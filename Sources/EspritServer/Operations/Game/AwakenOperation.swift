import EspritGame
import EspritProtocol

/// `AWAKEN`: one more star for a stack, paid in lumees and copies (``AwakenRule``).
enum AwakenOperation: GameRuleOperation {
    typealias Message = AwakenRequest

    static func rule(for message: AwakenRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try AwakenRule.run(player: player, baseId: message.baseId, context: command, rules: rules)
        }
        return .success(rule)
    }
}
