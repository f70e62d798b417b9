import EspritGame
import EspritProtocol

/// One line of plain text per event, for people at a terminal.
enum EventText {
    static func line(_ event: WireEvent) -> String {
        switch event {
        case let .playerRegistered(name, level, _, energy):
            return "registered \(name) at level \(level) with \(energy) energy"
        case let .currencyChanged(currency, delta, balanceAfter, reason):
            return "\(currencyName(currency)) \(delta >= 0 ? "+" : "")\(delta) → \(balanceAfter) (\(reason))"
        case let .espritAdded(baseId, countAfter, reason):
            return "Esprit \(baseId) +1 → \(countAfter) (\(reason))"
        case let .espritRemoved(baseId, countAfter, reason):
            return "Esprit \(baseId) removed → \(countAfter) left (\(reason))"
        case let .espritFused(first, second, result):
            return "fusion of \(first) and \(second) succeeded: Esprit \(result)"
        case let .fusionFailed(first, second):
            return "fusion of \(first) and \(second) failed"
        case let .espritAwakened(baseId, starsAfter):
            return "Esprit \(baseId) awakened to \(starsAfter) stars"
        case let .espritCrafted(baseId, element, tier):
            return "crafted Esprit \(baseId) (\(Element(rawValue: element)?.name ?? "?") tier \(tier))"
        case let .summonPerformed(banner, results, pityAfter):
            return "summoned on \(banner): \(results.map { "\($0)" }.joined(separator: ", ")) (pity \(pityAfter))"
        case let .dailyClaimed(day, streakAfter, reward, amount, element, baseId):
            let what = reward == "esprit" ? "Esprit \(baseId)" : reward == "shards" ? "\(amount) \(Element(rawValue: element)?.name ?? "?") shards" : "\(amount) \(reward)"
            return "daily echo of day \(day): \(what), streak \(streakAfter)"
        case let .questCompleted(zone, xpGained, xpAfter, lumees, captured):
            return "quest in zone \(zone): +\(xpGained) xp (\(xpAfter)), +\(lumees) lumees" + (captured == 0 ? "" : ", captured Esprit \(captured)")
        case let .playerLeveledUp(levelAfter, xpAfter):
            return "level up: \(levelAfter) (xp \(xpAfter))"
        case let .energyChanged(value, _, reason):
            return "energy → \(value) (\(reason))"
        case let .buildingBuilt(type, _):
            return "built \(type)"
        case let .buildingUpgraded(type, levelAfter):
            return "\(type) upgraded to level \(levelAfter)"
        case let .buildingCollected(type, amount, _):
            return "collected \(amount) from \(type)"
        case let .leaderChanged(baseId):
            return baseId == 0 ? "leader cleared" : "leader is now Esprit \(baseId)"
        }
    }

    static func currencyName(_ code: UInt8) -> String {
        Currency(rawValue: code)?.name ?? "currency \(code)"
    }
}
