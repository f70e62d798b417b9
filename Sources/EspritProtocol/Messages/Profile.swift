import NIOCore

/// `GET_PROFILE` (0x0003): the logged-in player's profile. No fields.
public struct GetProfileRequest: FieldlessRequest {
    public typealias Response = ProfileResponse
    public static let opcode = Opcode.getProfile

    public init() {}
}

extension Opcode {
    public static let getProfile = Opcode(0x0003, name: "GET_PROFILE")
}

/// One currency balance: `currency` is a code of the currency table in `protocol/README.md`.
public struct Balance: Equatable, Sendable {
    public var currency: UInt8
    public var amount: Int64

    public init(currency: UInt8, amount: Int64) {
        self.currency = currency
        self.amount = amount
    }

    init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.currency = try buffer.readWire(field: "currency")
        self.amount = try buffer.readWire(field: "amount")
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(currency)
        buffer.writeWire(amount)
    }
}

/// A building as `GET_PROFILE` shows it: `stored` is what collecting now would pay.
public struct BuildingEntry: Equatable, Sendable {
    public var type: String
    public var level: UInt16
    public var stored: Int64
    public var capacity: Int64

    public init(type: String, level: UInt16, stored: Int64, capacity: Int64) {
        self.type = type
        self.level = level
        self.stored = stored
        self.capacity = capacity
    }
}

/// A banner's pity counter: pulls since its last pity-tier result.
public struct PityEntry: Equatable, Sendable {
    public var banner: String
    public var pulls: UInt32

    public init(banner: String, pulls: UInt32) {
        self.banner = banner
        self.pulls = pulls
    }
}

/// A player's profile as of the moment it was read; energy already includes regeneration.
public struct ProfileResponse: WireMessage {
    public var playerId: UInt64
    public var name: String
    public var level: UInt16
    public var xp: Int64
    public var energy: Int64
    public var maxEnergy: Int64
    /// Registration time, milliseconds since the Unix epoch (UTC).
    public var createdAt: Int64
    /// Every currency, in currency-code order.
    public var balances: [Balance]
    /// xp needed for the next level (0 at the top level).
    public var xpToNext: Int64
    /// When the next energy point arrives; 0 when energy is at or above the maximum.
    public var nextEnergyAt: Int64
    public var teamPower: Int64
    /// The leader's base id; 0 for none.
    public var leader: UInt32
    /// Consecutive days of daily echo claims, ending today or yesterday (0 when broken).
    public var dailyStreak: UInt16
    /// Whether today's daily echo is claimed.
    public var dailyClaimed: Bool
    /// The next 00:00 UTC, when the daily echo resets.
    public var nextDailyResetAt: Int64
    public var buildings: [BuildingEntry]
    public var pity: [PityEntry]

    public init(
        playerId: UInt64, name: String, level: UInt16, xp: Int64, energy: Int64, maxEnergy: Int64,
        createdAt: Int64, balances: [Balance], xpToNext: Int64, nextEnergyAt: Int64, teamPower: Int64,
        leader: UInt32, dailyStreak: UInt16, dailyClaimed: Bool, nextDailyResetAt: Int64,
        buildings: [BuildingEntry], pity: [PityEntry]
    ) {
        self.playerId = playerId
        self.name = name
        self.level = level
        self.xp = xp
        self.energy = energy
        self.maxEnergy = maxEnergy
        self.createdAt = createdAt
        self.balances = balances
        self.xpToNext = xpToNext
        self.nextEnergyAt = nextEnergyAt
        self.teamPower = teamPower
        self.leader = leader
        self.dailyStreak = dailyStreak
        self.dailyClaimed = dailyClaimed
        self.nextDailyResetAt = nextDailyResetAt
        self.buildings = buildings
        self.pity = pity
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.playerId = try buffer.readWire(field: "playerId")
        self.name = try buffer.readWireString(field: "name")
        self.level = try buffer.readWire(field: "level")
        self.xp = try buffer.readWire(field: "xp")
        self.energy = try buffer.readWire(field: "energy")
        self.maxEnergy = try buffer.readWire(field: "maxEnergy")
        self.createdAt = try buffer.readWire(field: "createdAt")
        self.balances = try buffer.readWireList(field: "balances", Balance.init(from:))
        self.xpToNext = try buffer.readWire(field: "xpToNext")
        self.nextEnergyAt = try buffer.readWire(field: "nextEnergyAt")
        self.teamPower = try buffer.readWire(field: "teamPower")
        self.leader = try buffer.readWire(field: "leader")
        self.dailyStreak = try buffer.readWire(field: "dailyStreak")
        self.dailyClaimed = try buffer.readWireBool(field: "dailyClaimed")
        self.nextDailyResetAt = try buffer.readWire(field: "nextDailyResetAt")
        self.buildings = try buffer.readWireList(field: "buildings") { (buffer: inout ByteBuffer) throws(WireDecodingError) in
            BuildingEntry(
                type: try buffer.readWireString(field: "type"), level: try buffer.readWire(field: "level"),
                stored: try buffer.readWire(field: "stored"), capacity: try buffer.readWire(field: "capacity")
            )
        }
        self.pity = try buffer.readWireList(field: "pity") { (buffer: inout ByteBuffer) throws(WireDecodingError) in
            PityEntry(banner: try buffer.readWireString(field: "banner"), pulls: try buffer.readWire(field: "pulls"))
        }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(playerId)
        buffer.writeWireString(name)
        buffer.writeWire(level)
        buffer.writeWire(xp)
        buffer.writeWire(energy)
        buffer.writeWire(maxEnergy)
        buffer.writeWire(createdAt)
        buffer.writeWireList(balances) { $1.encode(into: &$0) }
        buffer.writeWire(xpToNext)
        buffer.writeWire(nextEnergyAt)
        buffer.writeWire(teamPower)
        buffer.writeWire(leader)
        buffer.writeWire(dailyStreak)
        buffer.writeWire(UInt8(dailyClaimed ? 1 : 0))
        buffer.writeWire(nextDailyResetAt)
        buffer.writeWireList(buildings) { buffer, building in
            buffer.writeWireString(building.type)
            buffer.writeWire(building.level)
            buffer.writeWire(building.stored)
            buffer.writeWire(building.capacity)
        }
        buffer.writeWireList(pity) { buffer, entry in
            buffer.writeWireString(entry.banner)
            buffer.writeWire(entry.pulls)
        }
    }
}
