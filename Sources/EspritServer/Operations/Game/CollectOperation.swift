import EspritGame
import EspritProtocol

/// `COLLECT`: what a building has produced (``BuildingRules/collect(player:type:context:rules:)``).
enum CollectOperation: GameRuleOperation {
    typealias Message = CollectRequest

    static func rule(for message: CollectRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try BuildingRules.collect(player: player, type: message.type, context: command, rules: rules)
        }
        return .success(rule)
    }
}
