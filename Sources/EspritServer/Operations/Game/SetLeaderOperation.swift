import EspritGame
import EspritProtocol

/// `SET_LEADER`: the stack that leads the team (``LeaderRule``).
enum SetLeaderOperation: GameRuleOperation {
    static let opcode = Opcode.setLeader

    static func message(in request: Request) -> EspritRequest? {
        if case let .setLeader(message) = request { message } else { nil }
    }

    static func rule(for message: EspritRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try LeaderRule.run(player: player, baseId: message.baseId, context: command, rules: rules)
        }
        return .success(rule)
    }
}
