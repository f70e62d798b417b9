/// `fuse(a, b)` (GAME.md, "Fusion").
public enum FuseRule {
    /// - Returns: the lumees paid, one copy of each input removed, then either a copy of a random
    ///   Esprit of the next tier and `EspritFused`, or shards of both inputs' elements and
    ///   `FusionFailed`.
    /// - Throws: `notFound(esprit)` for an Esprit the player does not own; `invalidOperation`
    ///   for different tiers or the top tier; `insufficient` for `a == b` with one copy, or lumees;
    ///   `limitReached` when some possible result would not fit, the failure's shards included
    ///   (checked before the roll).
    @_specialize(exported: true, where Random == GameRandom)
    public static func run<Random: RandomNumberGenerator>(
        player: PlayerState, first: UInt32, second: UInt32, context: CommandContext, rules: Ruleset,
        random: inout Random
    ) throws(GameError) -> RuleOutcome {
        var change = PlayerChange(player, context: context, rules: rules)
        let firstStack = try change.stack(first)
        _ = try change.stack(second)
        guard let a = rules.esprit(first) else { throw .notFound(entity: "esprit", id: "\(first)") }
        guard let b = rules.esprit(second) else { throw .notFound(entity: "esprit", id: "\(second)") }
        guard a.tier == b.tier else {
            throw .invalidOperation(operation: "fuse", reason: "the Esprits are of tiers \(a.tier) and \(b.tier); fusion needs one tier")
        }
        let tier = a.tier
        guard tier < rules.config.esprits.maxTier else {
            throw .invalidOperation(operation: "fuse", reason: "tier \(tier) is the highest; it cannot be fused")
        }
        if first == second, firstStack.count < 2 {
            throw .insufficient(resource: "esprit \(first)", required: 2, current: firstStack.count)
        }
        try change.debit(.lumees, cost(tier: tier, config: rules.config), reason: "fuse")
        change.removeEsprit(first, reason: "fuse")
        change.removeEsprit(second, reason: "fuse")
        let elements = a.element == b.element ? [a.element] : [a.element, b.element]
        try change.requireRoom(forAnyOf: elements.flatMap { rules.esprits(element: $0, tier: tier + 1) })
        // A failure pays shards of each input's element, twice to one element they share.
        let shards = failureShards(tier: tier, config: rules.config)
        if a.element == b.element {
            try change.requireRoom(for: 2 * shards, of: .shards(a.element))
        } else {
            try change.requireRoom(for: shards, of: .shards(a.element))
            try change.requireRoom(for: shards, of: .shards(b.element))
        }
        if Double.random(in: 0..<1, using: &random) < successChance(tier: tier, config: rules.config) {
            let element = a.element == b.element ? a.element : (Bool.random(using: &random) ? a.element : b.element)
            let result = rules.randomEsprit(element: element, tier: tier + 1, using: &random)
            try change.addEsprit(result, reason: "fuse")
            change.record(.espritFused(EspritFused(first: first, second: second, result: result)))
        } else {
            try change.credit(.shards(a.element), shards, reason: "fuse")
            try change.credit(.shards(b.element), shards, reason: "fuse")
            change.record(.fusionFailed(FusionFailed(first: first, second: second)))
        }
        return change.outcome
    }

    /// `costBase × 2^(tier−1)` lumees.
    public static func cost(tier: Int, config: GameConfig) -> Int64 {
        config.fusion.costBase * (Int64(1) << (tier - 1))
    }

    /// The shards of each input's element a failed fusion of `tier` pays.
    public static func failureShards(tier: Int, config: GameConfig) -> Int64 {
        config.fusion.failureShardsPerTier * Int64(tier)
    }

    /// `max(successFloor, successStart − successDropPerTier × (tier − 1))`.
    public static func successChance(tier: Int, config: GameConfig) -> Double {
        max(config.fusion.successFloor, config.fusion.successStart - config.fusion.successDropPerTier * Double(tier - 1))
    }
}
