import Foundation

/// Every balance number of GAME.md, grouped as the document groups them. The defaults reproduce
/// GAME.md exactly; a deployment overrides any of them with a config file (``GameConfig/load(json:)``).
public struct GameConfig: Codable, Equatable, Sendable {
    public var players = PlayerConfig()
    public var currencies = CurrencyConfig()
    public var energy = EnergyConfig()
    public var levels = LevelConfig()
    public var esprits = EspritConfig()
    public var power = PowerConfig()
    public var fusion = FusionConfig()
    public var awakening = AwakeningConfig()
    public var crafting = CraftingConfig()
    public var summons = SummonConfig()
    public var daily = DailyConfig()
    public var quests = QuestConfig()
    public var buildings = BuildingConfig.defaults
    /// The base Esprits; the default has two for every element and tier.
    public var catalog = DefaultCatalog.entries

    public init() {}

    /// `maxEnergy(level) = base + perLevel × (level − 1)`.
    public func maxEnergy(level: Int) -> Int64 {
        energy.base + energy.perLevel * Int64(level - 1)
    }

    /// `xpToNext(level) = round(xpBase × level^xpExponent)`.
    public func xpToNext(level: Int) -> Int64 {
        Int64((Double(levels.xpBase) * pow(Double(level), levels.xpExponent)).rounded())
    }
}

/// Accounts and new players.
public struct PlayerConfig: Codable, Equatable, Sendable {
    public var nameMinLength = 3
    public var nameMaxLength = 20
    public var startingLumees: Int64 = 1_000
    public var startingRevies: Int64 = 50
    /// A new player gets this many Esprits of `starterTier`, each of a different element.
    public var starterEsprits = 3
    public var starterTier = 1
}

public struct CurrencyConfig: Codable, Equatable, Sendable {
    /// No balance may exceed this.
    public var maxBalance: Int64 = 1_000_000_000_000
}

public struct EnergyConfig: Codable, Equatable, Sendable {
    public var base: Int64 = 50
    public var perLevel: Int64 = 2
    /// One point regenerates every this many seconds, up to the level's maximum.
    public var regenSeconds: Int64 = 300
    /// Rewards may push energy above the maximum, never above this.
    public var cap: Int64 = 999
}

public struct LevelConfig: Codable, Equatable, Sendable {
    public var xpBase: Int64 = 100
    public var xpExponent = 1.5
    public var maxLevel = 100
    /// Revies granted by each level-up.
    public var levelUpRevies: Int64 = 10
}

/// The limits of a collection.
public struct EspritConfig: Codable, Equatable, Sendable {
    public var maxTier = 18
    public var maxStacks = 500
    public var maxCount: Int64 = 9_999
    public var maxStars = 5
}

public struct PowerConfig: Codable, Equatable, Sendable {
    /// Each star adds this fraction of a copy's base power.
    public var starBonus = 0.10
    public var teamSize = 6
    /// The leader adds this fraction to every team copy of its element.
    public var leaderBonus = 0.10
}

public struct FusionConfig: Codable, Equatable, Sendable {
    /// Cost in lumees: `costBase × 2^(T−1)`.
    public var costBase: Int64 = 100
    /// Success chance: `max(successFloor, successStart − successDropPerTier × (T − 1))`.
    public var successStart = 0.90
    public var successDropPerTier = 0.04
    public var successFloor = 0.30
    /// On failure: `failureShardsPerTier × T` shards of each input's element.
    public var failureShardsPerTier: Int64 = 5
}

public struct AwakeningConfig: Codable, Equatable, Sendable {
    /// Cost in lumees from s stars: `costBase × (s + 1)²`.
    public var costBase: Int64 = 500
}

public struct CraftingConfig: Codable, Equatable, Sendable {
    public var maxTier = 6
    /// Shards of the element: `shardsBase × 2^(tier−1)`.
    public var shardsBase: Int64 = 20
}

public struct QuestConfig: Codable, Equatable, Sendable {
    public var zones = 20
    /// Zone z: required level `levelBase + levelPerZone × (z − 1)`.
    public var levelBase = 1
    public var levelPerZone = 3
    /// Zone z: energy `energyBase + energyPerZone × z`.
    public var energyBase: Int64 = 5
    public var energyPerZone: Int64 = 1
    public var xpPerZone: Int64 = 10
    /// Zone z pays `lumeesPerZone × z`, varied uniformly by ± `lumeesSpread`.
    public var lumeesPerZone: Int64 = 50
    public var lumeesSpread = 0.20
    /// Chance to capture an Esprit of tier `min(captureMaxTier, ceil(z / zonesPerCaptureTier))`.
    public var captureChance = 0.10
    public var zonesPerCaptureTier = 3
    public var captureMaxTier = 6
}
