/// `build(type)`, `upgrade(type)` and `collect(type)` (GAME.md, "Buildings").
public enum BuildingRules {
    /// - Returns: the lumees paid and `BuildingBuilt` (level 1, producing from now).
    /// - Throws: `notFound(building)` for an unknown type; `invalidOperation` when already
    ///   built; `insufficient` lumees.
    public static func build(player: PlayerState, type: String, context: CommandContext, rules: Ruleset) throws(GameError) -> RuleOutcome {
        let kind = try kind(type, rules: rules)
        guard player.building(type) == nil else {
            throw .invalidOperation(operation: "build", reason: "\(type) is already built")
        }
        var change = PlayerChange(player, context: context, rules: rules)
        try change.debit(.lumees, kind.buildCost, reason: "build")
        change.record(.buildingBuilt(BuildingBuilt(type: type, asOf: context.now)))
        return change.outcome
    }

    /// - Returns: what the building had produced (collected first, at the old level), the
    ///   lumees paid, and `BuildingUpgraded`.
    /// - Throws: `notFound(building)`; `limitReached` at the top level; `insufficient` lumees.
    public static func upgrade(player: PlayerState, type: String, context: CommandContext, rules: Ruleset) throws(GameError) -> RuleOutcome {
        let kind = try kind(type, rules: rules)
        let building = try built(type, player: player)
        guard building.level < kind.maxLevel else {
            throw .limitReached(limit: Int64(kind.maxLevel), value: Int64(building.level + 1))
        }
        var change = PlayerChange(player, context: context, rules: rules)
        try change.collect(building, kind)
        try change.debit(.lumees, upgradeCost(from: building.level, kind: kind), reason: "upgrade")
        change.record(.buildingUpgraded(BuildingUpgraded(type: type, levelAfter: building.level + 1)))
        return change.outcome
    }

    /// - Returns: the production paid and `BuildingCollected` (amount 0 when nothing is due).
    /// - Throws: `notFound(building)`; `limitReached` when the balance would pass the cap.
    public static func collect(player: PlayerState, type: String, context: CommandContext, rules: Ruleset) throws(GameError) -> RuleOutcome {
        let kind = try kind(type, rules: rules)
        let building = try built(type, player: player)
        var change = PlayerChange(player, context: context, rules: rules)
        try change.collect(building, kind)
        return change.outcome
    }

    /// What collecting at `now` would pay: production since `asOf` up to the capacity. The unpaid
    /// fraction of a unit is kept by moving `asOf` only by the time worth of what is paid;
    /// production beyond the capacity is lost (`asOf` moves to `now`).
    public static func production(of building: BuildingState, kind: BuildingConfig, now: Int64) -> (amount: Int64, asOfAfter: Int64, capacity: Int64) {
        let hour: Int64 = 3_600_000
        let perHour = kind.ratePerLevel * Int64(building.level)
        let capacity = perHour * kind.capacityHours
        guard perHour > 0 else { return (0, now, capacity) }
        let elapsed = max(0, now - building.asOf)
        let owed = elapsed / hour * perHour + (elapsed % hour) * perHour / hour
        if owed >= capacity {
            return (capacity, now, capacity)
        }
        return (owed, building.asOf + owed * hour / perHour, capacity)
    }

    /// `upgradeCostBase × (level + 1)²` lumees.
    public static func upgradeCost(from level: Int, kind: BuildingConfig) -> Int64 {
        kind.upgradeCostBase * Int64((level + 1) * (level + 1))
    }

    private static func kind(_ type: String, rules: Ruleset) throws(GameError) -> BuildingConfig {
        guard let kind = rules.building(type) else { throw .notFound(entity: "building type", id: type) }
        return kind
    }

    private static func built(_ type: String, player: PlayerState) throws(GameError) -> BuildingState {
        guard let building = player.building(type) else { throw .notFound(entity: "building", id: type) }
        return building
    }
}
