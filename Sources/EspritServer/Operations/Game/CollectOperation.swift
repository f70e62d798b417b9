import EspritGame
import EspritProtocol

/// `COLLECT`: what a building has produced (``BuildingRules/collect(player:type:context:rules:)``).
enum CollectOperation: GameRuleOperation {
    static let opcode = Opcode.collect

    static func message(in request: Request) -> BuildingRequest? {
        if case let .collect(message) = request { message } else { nil }
    }

    static func rule(for message: BuildingRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, _ throws(GameError) in
            try BuildingRules.collect(player: player, type: message.type, context: command, rules: rules)
        }
        return .success(rule)
    }
}
