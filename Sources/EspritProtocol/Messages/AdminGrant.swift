import NIOCore

/// `ADMIN_GRANT` (0x0101): adds `amount` of one currency to any player's balance. Needs an
/// admin connection.
public struct AdminGrantRequest: WireRequest {
    public typealias Response = AdminGrantResponse
    public static let opcode = Opcode.adminGrant

    public var playerId: UInt64
    public var currency: UInt8
    /// 1 … 1 000 000 000 000; the balance after must stay within the currency cap.
    public var amount: Int64

    public init(playerId: UInt64, currency: UInt8, amount: Int64) {
        self.playerId = playerId
        self.currency = currency
        self.amount = amount
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.playerId = try buffer.readWire(field: "playerId")
        self.currency = try buffer.readWire(field: "currency")
        self.amount = try buffer.readWire(field: "amount")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(playerId)
        buffer.writeWire(currency)
        buffer.writeWire(amount)
    }
}

/// The balance after the grant, which is durable by the time this arrives.
public struct AdminGrantResponse: WireMessage {
    public var playerId: UInt64
    public var currency: UInt8
    public var balance: Int64

    public init(playerId: UInt64, currency: UInt8, balance: Int64) {
        self.playerId = playerId
        self.currency = currency
        self.balance = balance
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.playerId = try buffer.readWire(field: "playerId")
        self.currency = try buffer.readWire(field: "currency")
        self.balance = try buffer.readWire(field: "balance")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(playerId)
        buffer.writeWire(currency)
        buffer.writeWire(balance)
    }
}

extension Opcode {
    public static let adminGrant = Opcode(0x0101, name: "ADMIN_GRANT")
}
