import EspritGame
import EspritProtocol

/// `SET_LEADER`: the stack that leads the team (``LeaderRule``).
enum SetLeaderOperation: GameRuleOperation {
    typealias Message = SetLeaderRequest

    static func rule(for message: SetLeaderRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try LeaderRule.run(player: player, baseId: message.baseId, context: command, rules: rules)
        }
        return .success(rule)
    }
}
