import EspritGame
import EspritProtocol

/// `AWAKEN`: one more star for a stack, paid in lumees and copies (``AwakenRule``).
enum AwakenOperation: GameRuleOperation {
    static let opcode = Opcode.awaken

    static func message(in request: Request) -> EspritRequest? {
        if case let .awaken(message) = request { message } else { nil }
    }

    static func rule(for message: EspritRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try AwakenRule.run(player: player, baseId: message.baseId, context: command, rules: rules)
        }
        return .success(rule)
    }
}
