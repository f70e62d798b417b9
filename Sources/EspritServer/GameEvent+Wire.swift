import EspritGame
import EspritProtocol

extension GameEvent {
    /// The event as clients see it (the wire event table of `protocol/README.md`).
    ///
    /// Inlined, so that a caller reading an event where an array holds it converts it there:
    /// called, the event was copied out first and freed after, at about 240 instructions for
    /// every pushed commit (callgrind, bench/RESULTS.md, session 33).
    @inline(__always)
    public var wireEvent: WireEvent {
        switch payload {
        case let .playerRegistered(registered):
            .playerRegistered(name: registered.name, level: UInt16(registered.level), xp: registered.xp, energy: registered.energy)
        case let .currencyChanged(change):
            .currencyChanged(currency: change.currency.rawValue, delta: change.delta, balanceAfter: change.balanceAfter, reason: change.reason)
        case let .espritAdded(change):
            .espritAdded(baseId: change.baseId, countAfter: change.countAfter, reason: change.reason)
        case let .espritRemoved(change):
            .espritRemoved(baseId: change.baseId, countAfter: change.countAfter, reason: change.reason)
        case let .espritFused(fused):
            .espritFused(first: fused.first, second: fused.second, result: fused.result)
        case let .fusionFailed(failed):
            .fusionFailed(first: failed.first, second: failed.second)
        case let .espritAwakened(awakened):
            .espritAwakened(baseId: awakened.baseId, starsAfter: UInt8(awakened.starsAfter))
        case let .espritCrafted(crafted):
            .espritCrafted(baseId: crafted.baseId, element: crafted.element.rawValue, tier: UInt8(crafted.tier))
        case let .summonPerformed(summon):
            .summonPerformed(banner: summon.banner, results: summon.results, pityAfter: UInt32(summon.pityAfter))
        case let .dailyClaimed(claim):
            .dailyClaimed(
                day: claim.day, streakAfter: UInt16(claim.streakAfter), reward: claim.reward.rawValue, amount: claim.amount,
                element: claim.element?.rawValue ?? 255, baseId: claim.baseId ?? 0
            )
        case let .questCompleted(quest):
            .questCompleted(zone: UInt16(quest.zone), xpGained: quest.xpGained, xpAfter: quest.xpAfter, lumees: quest.lumees, captured: quest.captured ?? 0)
        case let .playerLeveledUp(levelUp):
            .playerLeveledUp(levelAfter: UInt16(levelUp.levelAfter), xpAfter: levelUp.xpAfter)
        case let .energyChanged(change):
            .energyChanged(value: change.value, asOf: change.asOf, reason: change.reason)
        case let .buildingBuilt(built):
            .buildingBuilt(type: built.type, asOf: built.asOf)
        case let .buildingUpgraded(upgraded):
            .buildingUpgraded(type: upgraded.type, levelAfter: UInt16(upgraded.levelAfter))
        case let .buildingCollected(collected):
            .buildingCollected(type: collected.type, amount: collected.amount, asOfAfter: collected.asOfAfter)
        case let .leaderChanged(change):
            .leaderChanged(baseId: change.baseId ?? 0)
        }
    }
}
