import NIOCore

/// `ADMIN_LEDGER` (0x0102): a player's currency ledger, newest first, at most `limit`
/// (1–10 000) entries. Needs an admin connection.
public struct AdminLedgerRequest: WireRequest {
    public typealias Response = AdminLedgerResponse
    public static let opcode = Opcode.adminLedger

    public var playerId: UInt64
    public var limit: UInt32

    public init(playerId: UInt64, limit: UInt32) {
        self.playerId = playerId
        self.limit = limit
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        playerId = try buffer.readWire(field: "playerId")
        limit = try buffer.readWire(field: "limit")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(playerId)
        buffer.writeWire(limit)
    }
}

/// One ledger entry (GAME.md, "Currencies"): the journal position and time of the change, the
/// currency, the delta, the balance after, the operation and the request's correlation id.
public struct LedgerEntry: WireMessage {
    public var lsn: UInt64
    public var at: Int64
    public var currency: UInt8
    public var delta: Int64
    public var balanceAfter: Int64
    public var reason: String
    public var correlationId: String

    public init(lsn: UInt64, at: Int64, currency: UInt8, delta: Int64, balanceAfter: Int64, reason: String, correlationId: String) {
        self.lsn = lsn
        self.at = at
        self.currency = currency
        self.delta = delta
        self.balanceAfter = balanceAfter
        self.reason = reason
        self.correlationId = correlationId
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        lsn = try buffer.readWire(field: "lsn")
        at = try buffer.readWire(field: "at")
        currency = try buffer.readWire(field: "currency")
        delta = try buffer.readWire(field: "delta")
        balanceAfter = try buffer.readWire(field: "balanceAfter")
        reason = try buffer.readWireString(field: "reason")
        correlationId = try buffer.readWireString(field: "correlationId")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(lsn)
        buffer.writeWire(at)
        buffer.writeWire(currency)
        buffer.writeWire(delta)
        buffer.writeWire(balanceAfter)
        buffer.writeWireString(reason)
        buffer.writeWireString(correlationId)
    }
}

/// The entries, newest first. From v2 on, `truncated` says whether the frame filled before
/// `limit` entries did (v1 cannot say: fewer entries than asked may mean either).
public struct AdminLedgerResponse: WireMessage {
    public var entries: [LedgerEntry]
    /// Entries the limit asked for and the ledger holds were left out to keep the frame within
    /// `maxFrameBytes`. Carried from v2 on; a v1 decoder reads it as `false`.
    public var truncated: Bool

    public init(entries: [LedgerEntry], truncated: Bool = false) {
        self.entries = entries
        self.truncated = truncated
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        try self.init(from: &buffer, version: ProtocolVersion.v1)
    }

    public init(from buffer: inout ByteBuffer, version: UInt16) throws(WireDecodingError) {
        entries = try buffer.readWireList(field: "entries", LedgerEntry.init(from:))
        truncated = version >= ProtocolVersion.v2 ? try buffer.readWireBool(field: "truncated") : false
    }

    public func encode(into buffer: inout ByteBuffer) {
        encode(into: &buffer, version: ProtocolVersion.v1)
    }

    public func encode(into buffer: inout ByteBuffer, version: UInt16) {
        buffer.writeWireList(entries) { $1.encode(into: &$0) }
        if version >= ProtocolVersion.v2 { buffer.writeWire(UInt8(truncated ? 1 : 0)) }
    }
}

extension Opcode {
    public static let adminLedger = Opcode(0x0102, name: "ADMIN_LEDGER")
}
