import EspritGame
import EspritProtocol

/// The read models a client gets: everything derived (energy now, team power, what buildings
/// hold) is computed here from the state and the rules, so clients never re-implement a formula.
public enum PlayerReads {
    public static func profile(_ player: PlayerState, now: Int64, rules: Ruleset) -> ProfileResponse {
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

    public static func collection(_ player: PlayerState, rules: Ruleset) -> CollectionResponse {
        let team = TeamPower.team(of: player, rules: rules)
        return CollectionResponse(
            stacks: player.esprits.stacks.map { StackEntry(baseId: $0.baseId, count: $0.count, stars: UInt8($0.stars)) },
            leader: player.leader ?? 0,
            team: team.map(\.baseId),
            teamPower: TeamPower.total(team)
        )
    }

    static func catalog(_ rules: Ruleset) -> CatalogResponse {
        CatalogResponse(esprits: rules.config.catalog.sorted { $0.id < $1.id }.map {
            CatalogEntry(id: $0.id, name: $0.name, element: $0.element.rawValue, tier: UInt8($0.tier), atk: $0.atk, def: $0.def, hp: $0.hp)
        })
    }

    static func tables(_ rules: Ruleset) -> TablesResponse {
        let config = rules.config
        let quests = config.quests
        return TablesResponse(
            zones: (1...quests.zones).map { zone in
                let lumees = QuestRule.lumeesRange(zone: zone, config: config)
                return ZoneRow(
                    zone: UInt16(zone), requiredLevel: UInt16(QuestRule.requiredLevel(zone: zone, config: config)),
                    energy: QuestRule.energyCost(zone: zone, config: config), xp: QuestRule.xpGained(zone: zone, config: config),
                    lumeesMin: lumees.lowerBound, lumeesMax: lumees.upperBound, captureChancePpm: ppm(quests.captureChance),
                    captureTier: UInt8(QuestRule.captureTier(zone: zone, config: config))
                )
            },
            fusion: (1..<config.esprits.maxTier).map { tier in
                FusionRow(
                    tier: UInt8(tier), cost: FuseRule.cost(tier: tier, config: config),
                    successPpm: ppm(FuseRule.successChance(tier: tier, config: config)),
                    failureShards: FuseRule.failureShards(tier: tier, config: config)
                )
            },
            awakening: (0..<config.esprits.maxStars).map { stars in
                AwakeningRow(fromStars: UInt8(stars), copies: AwakenRule.copiesUsed(stars: stars), cost: AwakenRule.cost(stars: stars, config: config))
            },
            crafting: (1...config.crafting.maxTier).map { CraftingRow(tier: UInt8($0), shards: CraftRule.cost(tier: $0, config: config)) },
            levels: (1...config.levels.maxLevel).map { level in
                LevelRow(
                    level: UInt16(level), xpToNext: level < config.levels.maxLevel ? config.xpToNext(level: level) : 0,
                    maxEnergy: config.maxEnergy(level: level)
                )
            },
            banners: config.summons.banners.map { banner in
                BannerRow(
                    id: banner.id, currency: banner.currency.rawValue, singleCost: banner.singleCost, tenCost: banner.tenCost,
                    pityPulls: UInt16(banner.pityPulls), pityTier: UInt8(banner.pityTier), tenPullMinTier: UInt8(banner.tenPullMinTier),
                    odds: banner.tierWeights.map { TierOdds(tier: UInt8($0.tier), weight: UInt32($0.weight)) }
                )
            },
            buildings: config.buildings.map { kind in
                BuildingRow(
                    type: kind.type, produces: kind.produces.rawValue, maxLevel: UInt16(kind.maxLevel), ratePerLevel: kind.ratePerLevel,
                    capacityHours: kind.capacityHours, buildCost: kind.buildCost,
                    upgradeCosts: (1..<kind.maxLevel).map { BuildingRules.upgradeCost(from: $0, kind: kind) }
                )
            },
            echo: config.daily.echoTable.map {
                EchoRow(weight: UInt32($0.weight), reward: $0.reward.rawValue, min: $0.min, max: $0.max, tier: UInt8($0.tier))
            },
            limits: Limits(
                maxBalance: config.currencies.maxBalance, energyRegenSeconds: config.energy.regenSeconds, energyCap: config.energy.cap,
                levelUpRevies: config.levels.levelUpRevies, maxStacks: UInt32(config.esprits.maxStacks), maxCount: config.esprits.maxCount,
                maxStars: UInt8(config.esprits.maxStars), starBonusPpm: ppm(config.power.starBonus), teamSize: UInt8(config.power.teamSize),
                leaderBonusPpm: ppm(config.power.leaderBonus), streakBonusPerDayPpm: ppm(config.daily.streakBonusPerDay),
                streakBonusMaxPpm: ppm(config.daily.streakBonusMax)
            )
        )
    }

    /// A fraction in parts per million, rounded to the nearest.
    private static func ppm(_ fraction: Double) -> UInt32 {
        UInt32((fraction * 1_000_000).rounded())
    }
}
