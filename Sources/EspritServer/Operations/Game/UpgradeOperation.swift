import EspritGame
import EspritProtocol

/// `UPGRADE`: a building's next level (``BuildingRules/upgrade(player:type:context:rules:)``).
enum UpgradeOperation: GameRuleOperation {
    static let opcode = Opcode.upgrade

    static func message(in request: Request) -> BuildingRequest? {
        if case let .upgrade(message) = request { message } else { nil }
    }

    static func rule(for message: BuildingRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try BuildingRules.upgrade(player: player, type: message.type, context: command, rules: rules)
        }
        return .success(rule)
    }
}
