import NIOCore

/// `REGISTER` (0x0001): creates a player. No session needed.
public struct RegisterRequest: WireRequest {
    public typealias Response = RegisterResponse
    public static let opcode = Opcode.register

    /// 3–20 characters of `[A-Za-z0-9_]`, unique ignoring case.
    public var name: String

    public init(name: String) { self.name = name }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.name = try buffer.readWireString(field: "name")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(name)
    }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "name", name.utf8.count)
    }
}

/// The new player's id and its secret token. The token is shown once: the server keeps only
/// its SHA-256.
public struct RegisterResponse: WireMessage {
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
}

extension Opcode {
    public static let register = Opcode(0x0001, name: "REGISTER")
}
