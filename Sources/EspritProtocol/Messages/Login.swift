import NIOCore

/// `LOGIN` (0x0002): binds the connection to a player, proven by the token from `REGISTER`.
public struct LoginRequest: WireRequest {
    public typealias Response = LoginResponse
    public static let opcode = Opcode.login

    public var playerId: UInt64
    public var token: [UInt8]

    public init(playerId: UInt64, token: [UInt8]) {
        self.playerId = playerId
        self.token = token
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.playerId = try buffer.readWire(field: "playerId")
        self.token = try buffer.readWireBytes(field: "token")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(playerId)
        buffer.writeWireBytes(token)
    }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "token", token.count)
    }
}

/// The player the connection now acts for.
public struct LoginResponse: WireMessage {
    public var playerId: UInt64

    public init(playerId: UInt64) { self.playerId = playerId }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.playerId = try buffer.readWire(field: "playerId")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(playerId)
    }
}

extension Opcode {
    public static let login = Opcode(0x0002, name: "LOGIN")
}
