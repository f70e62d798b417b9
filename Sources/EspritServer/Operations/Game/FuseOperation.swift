import EspritGame
import EspritProtocol

/// `FUSE`: two Esprits of one tier for a random one of the next, or shards on failure (``FuseRule``).
enum FuseOperation: GameRuleOperation {
    typealias Message = FuseRequest

    static func rule(for message: FuseRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError> {
        let rule: GameOperations.BoundRule = { player, rules, random throws(GameError) in
            try FuseRule.run(player: player, first: message.first, second: message.second, context: command, rules: rules, random: &random)
        }
        return .success(rule)
    }
}
