import EspritGame
import EspritProtocol

/// `CRAFT`: a random Esprit of a chosen element and tier, paid in shards (``CraftRule``).
enum CraftOperation: GameRuleOperation {
    typealias Message = CraftRequest

    static func rule(for message: CraftRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        guard let element = Element(rawValue: message.element) else {
            return .failure(.validation(field: "element", reason: "unknown element code \(message.element)"))
        }
        let rule: GameOperations.BoundRule = { player, rules, random throws(GameError) in
            try CraftRule.run(player: player, element: element, tier: Int(message.tier), context: command, rules: rules, random: &random)
        }
        return .success(rule)
    }
}
