import NIOCore

/// `GET_PROFILE` (0x0003): the logged-in player's profile. The request has no fields.
public struct GetProfileRequest: WireMessage {
    public init() {}

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {}

    public func encode(into buffer: inout ByteBuffer) {}
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

    public init(
        playerId: UInt64, name: String, level: UInt16, xp: Int64, energy: Int64, maxEnergy: Int64,
        createdAt: Int64, balances: [Balance]
    ) {
        self.playerId = playerId
        self.name = name
        self.level = level
        self.xp = xp
        self.energy = energy
        self.maxEnergy = maxEnergy
        self.createdAt = createdAt
        self.balances = balances
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.playerId = try buffer.readWire(field: "playerId")
        self.name = try buffer.readWireString(field: "name")
        self.level = try buffer.readWire(field: "level")
        self.xp = try buffer.readWire(field: "xp")
        self.energy = try buffer.readWire(field: "energy")
        self.maxEnergy = try buffer.readWire(field: "maxEnergy")
        self.createdAt = try buffer.readWire(field: "createdAt")
        let count = try buffer.readWireCount(field: "balances")
        var balances: [Balance] = []
        balances.reserveCapacity(count)
        for _ in 0..<count {
            balances.append(try Balance(from: &buffer))
        }
        self.balances = balances
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(playerId)
        buffer.writeWireString(name)
        buffer.writeWire(level)
        buffer.writeWire(xp)
        buffer.writeWire(energy)
        buffer.writeWire(maxEnergy)
        buffer.writeWire(createdAt)
        buffer.writeWireCount(balances.count)
        for balance in balances {
            balance.encode(into: &buffer)
        }
    }
}
