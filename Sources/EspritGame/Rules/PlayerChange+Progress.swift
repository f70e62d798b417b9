extension PlayerChange {
    /// Applies every level-up the player's xp now allows (one quest may cross several): each
    /// refills energy to the new maximum (never lowering energy above it) and pays revies.
    mutating func applyLevelUps() throws(GameError) {
        while player.level < config.levels.maxLevel, player.xp >= config.xpToNext(level: player.level) {
            let xpAfter = player.xp - config.xpToNext(level: player.level)
            record(.playerLeveledUp(PlayerLeveledUp(levelAfter: player.level + 1, xpAfter: xpAfter)))
            let refill = max(currentEnergy.value, config.maxEnergy(level: player.level))
            record(.energyChanged(EnergyChanged(value: refill, asOf: context.now, reason: "level_up")))
            try credit(.revies, config.levels.levelUpRevies, reason: "level_up")
        }
    }

    /// Pays what the building produced since its `asOf` (``BuildingRules/production(of:kind:now:)``).
    ///
    /// - Returns: the amount paid.
    @discardableResult
    mutating func collect(_ building: BuildingState, _ kind: BuildingConfig) throws(GameError) -> Int64 {
        let production = BuildingRules.production(of: building, kind: kind, now: context.now)
        try credit(kind.produces, production.amount, reason: "collect")
        record(.buildingCollected(BuildingCollected(type: building.type, amount: production.amount, asOfAfter: production.asOfAfter)))
        return production.amount
    }
}
