/// `summon(banner, pulls)` (GAME.md, "Summons").
public enum SummonRule {
    /// - Parameter pulls: 1 or 10.
    /// - Returns: the price paid, one copy per result, and `SummonPerformed` with the results in
    ///   order and the banner's pity counter after them.
    /// - Throws: `notFound(banner)`; `validation(pulls)`; `insufficient` currency;
    ///   `limitReached` unless every possible set of results would fit (checked before the draws).
    @_specialize(exported: true, where Random == GameRandom)
    public static func run<Random: RandomNumberGenerator>(
        player: PlayerState, banner bannerId: String, pulls: Int, context: CommandContext, rules: Ruleset,
        random: inout Random
    ) throws(GameError) -> RuleOutcome {
        guard let banner = rules.banner(bannerId) else { throw .notFound(entity: "banner", id: bannerId) }
        guard pulls == 1 || pulls == 10 else { throw .validation(field: "pulls", reason: "must be 1 or 10, got \(pulls)") }
        var change = PlayerChange(player, context: context, rules: rules)
        try change.debit(banner.currency, pulls == 1 ? banner.singleCost : banner.tenCost, reason: "summon")
        let tiersOnBanner = Set(banner.tierWeights.filter { $0.weight > 0 }.map(\.tier) + [banner.pityTier, banner.tenPullMinTier])
        try change.requireRoom(forAnyOf: tiersOnBanner.flatMap { rules.esprits(tier: $0) }, copies: Int64(pulls))

        var pity = player.pity[banner.id] ?? 0
        var tiers: [Int] = []
        var pityBeforeLast = pity
        for _ in 0..<pulls {
            pityBeforeLast = pity
            let tier = pity + 1 >= banner.pityPulls ? banner.pityTier : rollTier(banner, using: &random)
            tiers.append(tier)
            pity = tier == banner.pityTier ? 0 : pity + 1
        }
        if pulls == 10, !tiers.contains(where: { $0 >= banner.tenPullMinTier }) {
            tiers[tiers.count - 1] = banner.tenPullMinTier
            pity = banner.tenPullMinTier == banner.pityTier ? 0 : pityBeforeLast + 1
        }
        var results: [UInt32] = []
        for tier in tiers {
            let baseId = rules.randomEsprit(tier: tier, using: &random)
            try change.addEsprit(baseId, reason: "summon")
            results.append(baseId)
        }
        change.record(.summonPerformed(SummonPerformed(banner: banner.id, results: results, pityAfter: pity)))
        return change.outcome
    }

    /// A tier drawn by the banner's weights.
    static func rollTier(_ banner: BannerConfig, using random: inout some RandomNumberGenerator) -> Int {
        WeightedChoice.pick(banner.tierWeights, weight: \.weight, using: &random).tier
    }
}
