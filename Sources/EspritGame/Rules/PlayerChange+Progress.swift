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

    /// Pays what the building of `type` produced since its `asOf`, up to its capacity, and keeps
    /// the unpaid fraction of a unit by moving `asOf` only by the time worth of what was paid.
    /// Production beyond the capacity is lost.
    ///
    /// - Returns: the amount paid.
    @discardableResult
    mutating func collect(_ building: BuildingState, _ kind: BuildingConfig) throws(GameError) -> Int64 {
        let perHour = kind.ratePerLevel * Int64(building.level)
        let capacity = perHour * kind.capacityHours
        let elapsed = max(0, context.now - building.asOf)
        let owed = perHour > 0 ? elapsed / 3_600_000 * perHour + (elapsed % 3_600_000) * perHour / 3_600_000 : 0
        let amount: Int64
        let asOfAfter: Int64
        if owed >= capacity {
            amount = capacity
            asOfAfter = context.now
        } else {
            amount = owed
            asOfAfter = perHour > 0 ? building.asOf + amount * 3_600_000 / perHour : context.now
        }
        try credit(kind.produces, amount, reason: "collect")
        record(.buildingCollected(BuildingCollected(type: building.type, amount: amount, asOfAfter: asOfAfter)))
        return amount
    }
}
