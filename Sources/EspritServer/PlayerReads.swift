import EspritGame
import EspritProtocol

/// The read models a client gets: everything derived (energy now, team power, what buildings
/// hold) is computed here from the state and the rules, so clients never re-implement a formula.
enum PlayerReads {
    static func profile(_ player: PlayerState, now: Int64, rules: Ruleset) -> ProfileResponse {
        let config = rules.config
        let maxEnergy = config.maxEnergy(level: player.level)
        let today = DailyRule.day(of: now)
        let streak = player.daily.lastClaimDay.map { $0 >= today - 1 ? player.daily.streak : 0 } ?? 0
        return ProfileResponse(
            playerId: player.id, name: player.name, level: UInt16(player.level), xp: player.xp,
            energy: player.energy.current(now: now, max: maxEnergy, config: config), maxEnergy: maxEnergy,
            createdAt: player.createdAt,
            balances: Currency.allCases.map { Balance(currency: $0.rawValue, amount: player.balances[$0]) },
            xpToNext: player.level < config.levels.maxLevel ? config.xpToNext(level: player.level) : 0,
            nextEnergyAt: player.energy.nextPointAt(now: now, max: maxEnergy, config: config) ?? 0,
            teamPower: TeamPower.of(player, rules: rules),
            leader: player.leader ?? 0,
            dailyStreak: UInt16(streak),
            dailyClaimed: player.daily.lastClaimDay == today,
            nextDailyResetAt: DailyRule.nextResetAt(now: now),
            buildings: player.buildings.compactMap { building in
                guard let kind = rules.building(building.type) else { return nil }
                let production = BuildingRules.production(of: building, kind: kind, now: now)
                return BuildingEntry(type: building.type, level: UInt16(building.level), stored: production.amount, capacity: production.capacity)
            },
            pity: player.pity.sorted { $0.key < $1.key }.map { PityEntry(banner: $0.key, pulls: UInt32($0.value)) }
        )
    }

    static func collection(_ player: PlayerState, rules: Ruleset) -> CollectionResponse {
        let team = TeamPower.team(of: player, rules: rules)
        return CollectionResponse(
            stacks: player.esprits.stacks.map { StackEntry(baseId: $0.baseId, count: $0.count, stars: UInt8($0.stars)) },
            leader: player.leader ?? 0,
            team: team.map(\.baseId),
            teamPower: Int64(team.reduce(0) { $0 + $1.power }.rounded(.down))
        )
    }

    static func catalog(_ rules: Ruleset) -> CatalogResponse {
        CatalogResponse(esprits: rules.config.catalog.sorted { $0.id < $1.id }.map {
            CatalogEntry(id: $0.id, name: $0.name, element: $0.element.rawValue, tier: UInt8($0.tier), atk: $0.atk, def: $0.def, hp: $0.hp)
        })
    }
}
