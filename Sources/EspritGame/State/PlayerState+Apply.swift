extension PlayerState {
    /// Applies one event's absolute values. The live path and journal replay both go through
    /// here, which is what makes replay rebuild the identical state without rules or randomness.
    /// Events that only record a fact (`EspritFused`, `FusionFailed`, `EspritCrafted`) change
    /// nothing themselves: the copies and balances they moved have events of their own.
    public mutating func apply(_ event: GameEvent) {
        switch event.payload {
        case .playerRegistered:
            preconditionFailure("player \(id) registered twice")
        case let .currencyChanged(change):
            balances[change.currency] = change.balanceAfter
        case let .espritAdded(change), let .espritRemoved(change):
            let stars = change.countAfter > 0 ? esprits[change.baseId]?.stars ?? 0 : 0
            esprits.set(baseId: change.baseId, count: change.countAfter, stars: stars)
        case .espritFused, .fusionFailed, .espritCrafted:
            break
        case let .espritAwakened(awakened):
            let count = esprits[awakened.baseId]?.count ?? 0
            esprits.set(baseId: awakened.baseId, count: count, stars: awakened.starsAfter)
        case let .summonPerformed(summon):
            pity[summon.banner] = summon.pityAfter
        case let .dailyClaimed(claim):
            daily = DailyState(lastClaimDay: claim.day, streak: claim.streakAfter)
        case let .questCompleted(quest):
            xp = quest.xpAfter
        case let .playerLeveledUp(levelUp):
            level = levelUp.levelAfter
            xp = levelUp.xpAfter
        case let .energyChanged(change):
            energy = Energy(value: change.value, asOf: change.asOf)
        case let .buildingBuilt(built):
            buildings.append(BuildingState(type: built.type, level: 1, asOf: built.asOf))
        case let .buildingUpgraded(upgraded):
            if let index = buildings.firstIndex(where: { $0.type == upgraded.type }) { buildings[index].level = upgraded.levelAfter }
        case let .buildingCollected(collected):
            if let index = buildings.firstIndex(where: { $0.type == collected.type }) { buildings[index].asOf = collected.asOfAfter }
        case let .leaderChanged(change):
            leader = change.baseId
        }
    }
}
