/// `setLeader(baseId)` (GAME.md, "Team power").
public enum LeaderRule {
    /// - Returns: `LeaderChanged`.
    /// - Throws: `notFound(esprit)` when the player has no stack of `baseId`.
    public static func run(player: PlayerState, baseId: UInt32, context: CommandContext, rules: Ruleset) throws(GameError) -> RuleOutcome {
        var change = PlayerChange(player, context: context, rules: rules)
        _ = try change.stack(baseId)
        change.record(.leaderChanged(LeaderChanged(baseId: baseId)))
        return change.outcome
    }
}
