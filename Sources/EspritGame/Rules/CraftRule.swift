/// `craft(element, tier)` (GAME.md, "Crafting").
public enum CraftRule {
    /// - Returns: the shards paid, one copy of a random Esprit of that element and tier, and
    ///   `EspritCrafted`.
    /// - Throws: `validation(tier)` outside 1…`crafting.maxTier`; `insufficient` shards;
    ///   `limitReached` when some possible result would not fit (checked before the draw).
    @_specialize(exported: true, where Random == GameRandom)
    public static func run<Random: RandomNumberGenerator>(
        player: PlayerState, element: Element, tier: Int, context: CommandContext, rules: Ruleset,
        random: inout Random
    ) throws(GameError) -> RuleOutcome {
        let maxTier = rules.config.crafting.maxTier
        guard (1...maxTier).contains(tier) else {
            throw .validation(field: "tier", reason: "must be 1–\(maxTier), got \(tier)")
        }
        var change = PlayerChange(player, context: context, rules: rules)
        try change.debit(.shards(element), cost(tier: tier, config: rules.config), reason: "craft")
        try change.requireRoom(forAnyOf: rules.esprits(element: element, tier: tier))
        let baseId = rules.randomEsprit(element: element, tier: tier, using: &random)
        try change.addEsprit(baseId, reason: "craft")
        change.record(.espritCrafted(EspritCrafted(baseId: baseId, element: element, tier: tier)))
        return change.outcome
    }

    /// `shardsBase × 2^(tier−1)` shards of the element.
    public static func cost(tier: Int, config: GameConfig) -> Int64 {
        config.crafting.shardsBase * (Int64(1) << (tier - 1))
    }
}
