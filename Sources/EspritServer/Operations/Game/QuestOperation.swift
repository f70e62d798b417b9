import EspritGame
import EspritProtocol

/// `QUEST`: spends energy on a zone for lumees, xp and maybe an Esprit (``QuestRule``).
enum QuestOperation: GameRuleOperation {
    typealias Message = QuestRequest

    static func rule(for message: QuestRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, random throws(GameError) in
            try QuestRule.run(player: player, zone: Int(message.zone), context: command, rules: rules, random: &random)
        }
        return .success(rule)
    }
}
