import NIOCore

/// `GET_TABLES` (0x0021): the game's numbers as the server runs them. No session needed, no fields.
public struct GetTablesRequest: FieldlessRequest {
    public typealias Response = TablesResponse
    public static let opcode = Opcode.getTables

    public init() {}
}

extension Opcode {
    public static let getTables = Opcode(0x0021, name: "GET_TABLES")
}

/// `GET_TABLES` (0x0021): every cost, rate and limit of the game, already computed per zone,
/// tier, level and star, so that a client never re-implements a formula. Chances and bonuses are
/// in parts per million (`ppm`): 100 000 ppm is 10%. No session needed.
public struct TablesResponse: WireMessage {
    public var zones: [ZoneRow]
    public var fusion: [FusionRow]
    public var awakening: [AwakeningRow]
    public var crafting: [CraftingRow]
    public var levels: [LevelRow]
    public var banners: [BannerRow]
    public var buildings: [BuildingRow]
    public var echo: [EchoRow]
    public var limits: Limits

    public init(
        zones: [ZoneRow], fusion: [FusionRow], awakening: [AwakeningRow], crafting: [CraftingRow], levels: [LevelRow],
        banners: [BannerRow], buildings: [BuildingRow], echo: [EchoRow], limits: Limits
    ) {
        self.zones = zones
        self.fusion = fusion
        self.awakening = awakening
        self.crafting = crafting
        self.levels = levels
        self.banners = banners
        self.buildings = buildings
        self.echo = echo
        self.limits = limits
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        zones = try buffer.readWireList(field: "zones", ZoneRow.init(from:))
        fusion = try buffer.readWireList(field: "fusion", FusionRow.init(from:))
        awakening = try buffer.readWireList(field: "awakening", AwakeningRow.init(from:))
        crafting = try buffer.readWireList(field: "crafting", CraftingRow.init(from:))
        levels = try buffer.readWireList(field: "levels", LevelRow.init(from:))
        banners = try buffer.readWireList(field: "banners", BannerRow.init(from:))
        buildings = try buffer.readWireList(field: "buildings", BuildingRow.init(from:))
        echo = try buffer.readWireList(field: "echo", EchoRow.init(from:))
        limits = try Limits(from: &buffer)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireList(zones) { $1.encode(into: &$0) }
        buffer.writeWireList(fusion) { $1.encode(into: &$0) }
        buffer.writeWireList(awakening) { $1.encode(into: &$0) }
        buffer.writeWireList(crafting) { $1.encode(into: &$0) }
        buffer.writeWireList(levels) { $1.encode(into: &$0) }
        buffer.writeWireList(banners) { $1.encode(into: &$0) }
        buffer.writeWireList(buildings) { $1.encode(into: &$0) }
        buffer.writeWireList(echo) { $1.encode(into: &$0) }
        limits.encode(into: &buffer)
    }
}

/// One quest zone: what it needs and what it pays.
public struct ZoneRow: WireMessage {
    public var zone: UInt16
    public var requiredLevel: UInt16
    public var energy: Int64
    public var xp: Int64
    public var lumeesMin: Int64
    public var lumeesMax: Int64
    public var captureChancePpm: UInt32
    public var captureTier: UInt8

    public init(zone: UInt16, requiredLevel: UInt16, energy: Int64, xp: Int64, lumeesMin: Int64, lumeesMax: Int64, captureChancePpm: UInt32, captureTier: UInt8) {
        self.zone = zone
        self.requiredLevel = requiredLevel
        self.energy = energy
        self.xp = xp
        self.lumeesMin = lumeesMin
        self.lumeesMax = lumeesMax
        self.captureChancePpm = captureChancePpm
        self.captureTier = captureTier
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        zone = try buffer.readWire(field: "zone")
        requiredLevel = try buffer.readWire(field: "requiredLevel")
        energy = try buffer.readWire(field: "energy")
        xp = try buffer.readWire(field: "xp")
        lumeesMin = try buffer.readWire(field: "lumeesMin")
        lumeesMax = try buffer.readWire(field: "lumeesMax")
        captureChancePpm = try buffer.readWire(field: "captureChancePpm")
        captureTier = try buffer.readWire(field: "captureTier")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(zone)
        buffer.writeWire(requiredLevel)
        buffer.writeWire(energy)
        buffer.writeWire(xp)
        buffer.writeWire(lumeesMin)
        buffer.writeWire(lumeesMax)
        buffer.writeWire(captureChancePpm)
        buffer.writeWire(captureTier)
    }
}

/// Fusing two Esprits of `tier`: its lumee cost, success chance, and the shards of each input's
/// element paid on failure.
public struct FusionRow: WireMessage {
    public var tier: UInt8
    public var cost: Int64
    public var successPpm: UInt32
    public var failureShards: Int64

    public init(tier: UInt8, cost: Int64, successPpm: UInt32, failureShards: Int64) {
        self.tier = tier
        self.cost = cost
        self.successPpm = successPpm
        self.failureShards = failureShards
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        tier = try buffer.readWire(field: "tier")
        cost = try buffer.readWire(field: "cost")
        successPpm = try buffer.readWire(field: "successPpm")
        failureShards = try buffer.readWire(field: "failureShards")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(tier)
        buffer.writeWire(cost)
        buffer.writeWire(successPpm)
        buffer.writeWire(failureShards)
    }
}

/// Awakening a stack with `fromStars` stars: the extra copies consumed and the lumee cost.
public struct AwakeningRow: WireMessage {
    public var fromStars: UInt8
    public var copies: Int64
    public var cost: Int64

    public init(fromStars: UInt8, copies: Int64, cost: Int64) {
        self.fromStars = fromStars
        self.copies = copies
        self.cost = cost
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        fromStars = try buffer.readWire(field: "fromStars")
        copies = try buffer.readWire(field: "copies")
        cost = try buffer.readWire(field: "cost")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(fromStars)
        buffer.writeWire(copies)
        buffer.writeWire(cost)
    }
}

/// Crafting an Esprit of `tier`: shards of its element.
public struct CraftingRow: WireMessage {
    public var tier: UInt8
    public var shards: Int64

    public init(tier: UInt8, shards: Int64) {
        self.tier = tier
        self.shards = shards
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        tier = try buffer.readWire(field: "tier")
        shards = try buffer.readWire(field: "shards")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(tier)
        buffer.writeWire(shards)
    }
}

/// A level: the xp to reach the next one (0 at the top) and its maximum energy.
public struct LevelRow: WireMessage {
    public var level: UInt16
    public var xpToNext: Int64
    public var maxEnergy: Int64

    public init(level: UInt16, xpToNext: Int64, maxEnergy: Int64) {
        self.level = level
        self.xpToNext = xpToNext
        self.maxEnergy = maxEnergy
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        level = try buffer.readWire(field: "level")
        xpToNext = try buffer.readWire(field: "xpToNext")
        maxEnergy = try buffer.readWire(field: "maxEnergy")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(level)
        buffer.writeWire(xpToNext)
        buffer.writeWire(maxEnergy)
    }
}

/// A summon banner: prices, tier weights (each tier's chance is its weight over their sum) and
/// guarantees.
public struct BannerRow: WireMessage {
    public var id: String
    public var currency: UInt8
    public var singleCost: Int64
    public var tenCost: Int64
    public var pityPulls: UInt16
    public var pityTier: UInt8
    public var tenPullMinTier: UInt8
    public var odds: [TierOdds]

    public init(id: String, currency: UInt8, singleCost: Int64, tenCost: Int64, pityPulls: UInt16, pityTier: UInt8, tenPullMinTier: UInt8, odds: [TierOdds]) {
        self.id = id
        self.currency = currency
        self.singleCost = singleCost
        self.tenCost = tenCost
        self.pityPulls = pityPulls
        self.pityTier = pityTier
        self.tenPullMinTier = tenPullMinTier
        self.odds = odds
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        id = try buffer.readWireString(field: "id")
        currency = try buffer.readWire(field: "currency")
        singleCost = try buffer.readWire(field: "singleCost")
        tenCost = try buffer.readWire(field: "tenCost")
        pityPulls = try buffer.readWire(field: "pityPulls")
        pityTier = try buffer.readWire(field: "pityTier")
        tenPullMinTier = try buffer.readWire(field: "tenPullMinTier")
        odds = try buffer.readWireList(field: "odds", TierOdds.init(from:))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(id)
        buffer.writeWire(currency)
        buffer.writeWire(singleCost)
        buffer.writeWire(tenCost)
        buffer.writeWire(pityPulls)
        buffer.writeWire(pityTier)
        buffer.writeWire(tenPullMinTier)
        buffer.writeWireList(odds) { $1.encode(into: &$0) }
    }
}

public struct TierOdds: WireMessage {
    public var tier: UInt8
    public var weight: UInt32

    public init(tier: UInt8, weight: UInt32) {
        self.tier = tier
        self.weight = weight
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        tier = try buffer.readWire(field: "tier")
        weight = try buffer.readWire(field: "weight")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(tier)
        buffer.writeWire(weight)
    }
}

/// A building type: production per hour at level l is `ratePerLevel × l`, it holds
/// `capacityHours` of production; `upgradeCosts[i]` upgrades from level i + 1.
public struct BuildingRow: WireMessage {
    public var type: String
    public var produces: UInt8
    public var maxLevel: UInt16
    public var ratePerLevel: Int64
    public var capacityHours: Int64
    public var buildCost: Int64
    public var upgradeCosts: [Int64]

    public init(type: String, produces: UInt8, maxLevel: UInt16, ratePerLevel: Int64, capacityHours: Int64, buildCost: Int64, upgradeCosts: [Int64]) {
        self.type = type
        self.produces = produces
        self.maxLevel = maxLevel
        self.ratePerLevel = ratePerLevel
        self.capacityHours = capacityHours
        self.buildCost = buildCost
        self.upgradeCosts = upgradeCosts
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        type = try buffer.readWireString(field: "type")
        produces = try buffer.readWire(field: "produces")
        maxLevel = try buffer.readWire(field: "maxLevel")
        ratePerLevel = try buffer.readWire(field: "ratePerLevel")
        capacityHours = try buffer.readWire(field: "capacityHours")
        buildCost = try buffer.readWire(field: "buildCost")
        upgradeCosts = try buffer.readWireList(field: "upgradeCosts") { (buffer: inout ByteBuffer) throws(WireDecodingError) in try buffer.readWire(field: "upgradeCosts") }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(type)
        buffer.writeWire(produces)
        buffer.writeWire(maxLevel)
        buffer.writeWire(ratePerLevel)
        buffer.writeWire(capacityHours)
        buffer.writeWire(buildCost)
        buffer.writeWireList(upgradeCosts) { $0.writeWire($1) }
    }
}

/// One row of the daily echo table: `reward` is `lumees`, `revies`, `shards` (`min`–`max`) or
/// `esprit` (one of `tier`).
public struct EchoRow: WireMessage {
    public var weight: UInt32
    public var reward: String
    public var min: Int64
    public var max: Int64
    public var tier: UInt8

    public init(weight: UInt32, reward: String, min: Int64, max: Int64, tier: UInt8) {
        self.weight = weight
        self.reward = reward
        self.min = min
        self.max = max
        self.tier = tier
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        weight = try buffer.readWire(field: "weight")
        reward = try buffer.readWireString(field: "reward")
        min = try buffer.readWire(field: "min")
        max = try buffer.readWire(field: "max")
        tier = try buffer.readWire(field: "tier")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(weight)
        buffer.writeWireString(reward)
        buffer.writeWire(min)
        buffer.writeWire(max)
        buffer.writeWire(tier)
    }
}

/// The game's single numbers.
public struct Limits: WireMessage {
    public var maxBalance: Int64
    public var energyRegenSeconds: Int64
    public var energyCap: Int64
    public var levelUpRevies: Int64
    public var maxStacks: UInt32
    public var maxCount: Int64
    public var maxStars: UInt8
    public var starBonusPpm: UInt32
    public var teamSize: UInt8
    public var leaderBonusPpm: UInt32
    public var streakBonusPerDayPpm: UInt32
    public var streakBonusMaxPpm: UInt32

    public init(
        maxBalance: Int64, energyRegenSeconds: Int64, energyCap: Int64, levelUpRevies: Int64, maxStacks: UInt32, maxCount: Int64,
        maxStars: UInt8, starBonusPpm: UInt32, teamSize: UInt8, leaderBonusPpm: UInt32, streakBonusPerDayPpm: UInt32, streakBonusMaxPpm: UInt32
    ) {
        self.maxBalance = maxBalance
        self.energyRegenSeconds = energyRegenSeconds
        self.energyCap = energyCap
        self.levelUpRevies = levelUpRevies
        self.maxStacks = maxStacks
        self.maxCount = maxCount
        self.maxStars = maxStars
        self.starBonusPpm = starBonusPpm
        self.teamSize = teamSize
        self.leaderBonusPpm = leaderBonusPpm
        self.streakBonusPerDayPpm = streakBonusPerDayPpm
        self.streakBonusMaxPpm = streakBonusMaxPpm
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        maxBalance = try buffer.readWire(field: "maxBalance")
        energyRegenSeconds = try buffer.readWire(field: "energyRegenSeconds")
        energyCap = try buffer.readWire(field: "energyCap")
        levelUpRevies = try buffer.readWire(field: "levelUpRevies")
        maxStacks = try buffer.readWire(field: "maxStacks")
        maxCount = try buffer.readWire(field: "maxCount")
        maxStars = try buffer.readWire(field: "maxStars")
        starBonusPpm = try buffer.readWire(field: "starBonusPpm")
        teamSize = try buffer.readWire(field: "teamSize")
        leaderBonusPpm = try buffer.readWire(field: "leaderBonusPpm")
        streakBonusPerDayPpm = try buffer.readWire(field: "streakBonusPerDayPpm")
        streakBonusMaxPpm = try buffer.readWire(field: "streakBonusMaxPpm")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(maxBalance)
        buffer.writeWire(energyRegenSeconds)
        buffer.writeWire(energyCap)
        buffer.writeWire(levelUpRevies)
        buffer.writeWire(maxStacks)
        buffer.writeWire(maxCount)
        buffer.writeWire(maxStars)
        buffer.writeWire(starBonusPpm)
        buffer.writeWire(teamSize)
        buffer.writeWire(leaderBonusPpm)
        buffer.writeWire(streakBonusPerDayPpm)
        buffer.writeWire(streakBonusMaxPpm)
    }
}
