/// `awaken(baseId)` (GAME.md, "Awakening"). Always succeeds once its costs are met.
public enum AwakenRule {
    /// - Returns: the lumees paid, `s + 1` copies removed, and `EspritAwakened` with `s + 1` stars.
    /// - Throws: `notFound(esprit)`; `invalidOperation` at the star limit; `insufficient` for
    ///   fewer than `s + 2` copies, or lumees.
    public static func run(player: PlayerState, baseId: UInt32, context: CommandContext, rules: Ruleset) throws(GameError) -> RuleOutcome {
        var change = PlayerChange(player, context: context, rules: rules)
        let stack = try change.stack(baseId)
        let maxStars = rules.config.esprits.maxStars
        guard stack.stars < maxStars else {
            throw .invalidOperation(operation: "awaken", reason: "Esprit \(baseId) already has \(maxStars) stars")
        }
        let copies = copiesUsed(stars: stack.stars)
        guard stack.count >= copies + 1 else {
            throw .insufficient(resource: "esprit \(baseId)", required: copies + 1, current: stack.count)
        }
        try change.debit(.lumees, cost(stars: stack.stars, config: rules.config), reason: "awaken")
        change.removeEsprit(baseId, copies: copies, reason: "awaken")
        change.record(.espritAwakened(EspritAwakened(baseId: baseId, starsAfter: stack.stars + 1)))
        return change.outcome
    }

    /// The copies an awakening from `stars` uses up: `stars + 1` (one more must stay).
    public static func copiesUsed(stars: Int) -> Int64 {
        Int64(stars + 1)
    }

    /// `costBase × (stars + 1)²` lumees.
    public static func cost(stars: Int, config: GameConfig) -> Int64 {
        config.awakening.costBase * Int64((stars + 1) * (stars + 1))
    }
}
