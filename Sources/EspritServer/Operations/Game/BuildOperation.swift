import EspritGame
import EspritProtocol

/// `BUILD`: a building of a configured type (``BuildingRules/build(player:type:context:rules:)``).
enum BuildOperation: GameRuleOperation {
    typealias Message = BuildRequest

    static func rule(for message: BuildRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try BuildingRules.build(player: player, type: message.type, context: command, rules: rules)
        }
        return .success(rule)
    }
}
