import EspritGame
import EspritProtocol

/// `UPGRADE`: a building's next level (``BuildingRules/upgrade(player:type:context:rules:)``).
enum UpgradeOperation: GameRuleOperation {
    typealias Message = UpgradeRequest

    static func rule(for message: UpgradeRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try BuildingRules.upgrade(player: player, type: message.type, context: command, rules: rules)
        }
        return .success(rule)
    }
}
