import NIOCore

/// `SUBSCRIBE` (0x0010, v2): push the logged-in player's events to this connection as `EVENT`
/// frames, each once durable, in LSN order. `fromLsn` is the last LSN the client saw (0: none),
/// to resume after a reconnect.
public struct SubscribeRequest: WireRequest {
    public typealias Response = SubscribeResponse
    public static let opcode = Opcode.subscribe
    public static let since = ProtocolVersion.v2

    public var fromLsn: UInt64

    public init(fromLsn: UInt64) { self.fromLsn = fromLsn }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        fromLsn = try buffer.readWire(field: "fromLsn")
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeWire(fromLsn) }
}

/// Where the pushes continue: every event with an LSN above `lsn` follows. `reload` says that
/// events between `fromLsn` and `lsn` are no longer kept (or `fromLsn` was 0): the client
/// reads the player's state again instead of waiting for them.
public struct SubscribeResponse: WireMessage {
    public var lsn: UInt64
    public var reload: Bool

    public init(lsn: UInt64, reload: Bool) {
        self.lsn = lsn
        self.reload = reload
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        lsn = try buffer.readWire(field: "lsn")
        reload = try buffer.readWireBool(field: "reload")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(lsn)
        buffer.writeWire(UInt8(reload ? 1 : 0))
    }
}

/// `UNSUBSCRIBE` (0x0011, v2): no more pushes on this connection. No fields; answered with none.
public struct UnsubscribeRequest: FieldlessRequest {
    public typealias Response = UnsubscribeResponse
    public static let opcode = Opcode.unsubscribe
    public static let since = ProtocolVersion.v2

    public init() {}
}

/// Success carries no fields.
public struct UnsubscribeResponse: WireMessage {
    public init() {}

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {}

    public func encode(into buffer: inout ByteBuffer) {}
}

extension Opcode {
    public static let subscribe = Opcode(0x0010, name: "SUBSCRIBE")
    public static let unsubscribe = Opcode(0x0011, name: "UNSUBSCRIBE")
}
