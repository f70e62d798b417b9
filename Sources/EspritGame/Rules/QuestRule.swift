/// `quest(zone)` (GAME.md, "Quests").
public enum QuestRule {
    /// - Returns: the energy spent, the lumees paid, maybe a captured Esprit (skipped when the
    ///   collection has no room for it), `QuestCompleted`, then every level-up the xp allows.
    /// - Throws: `validation(zone)` for an unknown zone; `insufficient(level)` or
    ///   `insufficient(energy)` (after regeneration); `limitReached` unless the zone's largest
    ///   payout fits under the balance cap (checked before the draw).
    @_specialize(exported: true, where Random == GameRandom)
    public static func run<Random: RandomNumberGenerator>(
        player: PlayerState, zone: Int, context: CommandContext, rules: Ruleset, random: inout Random
    ) throws(GameError) -> RuleOutcome {
        let quests = rules.config.quests
        guard (1...quests.zones).contains(zone) else {
            throw .validation(field: "zone", reason: "must be 1–\(quests.zones), got \(zone)")
        }
        let requiredLevel = requiredLevel(zone: zone, config: rules.config)
        guard player.level >= requiredLevel else {
            throw .insufficient(resource: "level", required: Int64(requiredLevel), current: Int64(player.level))
        }
        var change = PlayerChange(player, context: context, rules: rules)
        let energy = change.currentEnergy
        let cost = energyCost(zone: zone, config: rules.config)
        guard energy.value >= cost else {
            throw .insufficient(resource: "energy", required: cost, current: energy.value)
        }
        change.record(.energyChanged(EnergyChanged(value: energy.value - cost, asOf: energy.asOf, reason: "quest")))

        let range = lumeesRange(zone: zone, config: rules.config)
        try change.requireRoom(for: range.upperBound, of: .lumees)
        let lumees = Int64.random(in: range, using: &random)
        try change.credit(.lumees, lumees, reason: "quest")

        var captured: UInt32?
        if Double.random(in: 0..<1, using: &random) < quests.captureChance {
            let baseId = rules.randomEsprit(tier: captureTier(zone: zone, config: rules.config), using: &random)
            if change.canAdd(baseId) {
                try change.addEsprit(baseId, reason: "quest")
                captured = baseId
            }
        }
        let xp = xpGained(zone: zone, config: rules.config)
        change.record(.questCompleted(QuestCompleted(zone: zone, xpGained: xp, xpAfter: change.player.xp + xp, lumees: lumees, captured: captured)))
        try change.applyLevelUps()
        return change.outcome
    }

    public static func requiredLevel(zone: Int, config: GameConfig) -> Int {
        config.quests.levelBase + config.quests.levelPerZone * (zone - 1)
    }

    /// The lumees a quest in `zone` pays, drawn evenly from this range: `lumeesPerZone × zone`,
    /// give or take `lumeesSpread` of it (rounded).
    public static func lumeesRange(zone: Int, config: GameConfig) -> ClosedRange<Int64> {
        let base = config.quests.lumeesPerZone * Int64(zone)
        let spread = Int64((Double(base) * config.quests.lumeesSpread).rounded())
        return (base - spread)...(base + spread)
    }

    public static func xpGained(zone: Int, config: GameConfig) -> Int64 {
        config.quests.xpPerZone * Int64(zone)
    }

    public static func energyCost(zone: Int, config: GameConfig) -> Int64 {
        config.quests.energyBase + config.quests.energyPerZone * Int64(zone)
    }

    /// `min(captureMaxTier, ceil(zone / zonesPerCaptureTier))`.
    public static func captureTier(zone: Int, config: GameConfig) -> Int {
        let perTier = config.quests.zonesPerCaptureTier
        return min(config.quests.captureMaxTier, (zone + perTier - 1) / perTier)
    }
}
