import NIOCore

/// `ADMIN_LOGIN` (0x0100): marks the connection as an operator's, proven by the server's admin
/// key. A server started without an admin key refuses it.
public struct AdminLoginRequest: WireRequest {
    public typealias Response = AdminLoginResponse
    public static let opcode = Opcode.adminLogin

    public var key: String

    public init(key: String) { self.key = key }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.key = try buffer.readWireString(field: "key")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(key)
    }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "key", key.utf8.count)
    }
}

/// Success carries no fields.
public struct AdminLoginResponse: WireMessage {
    public init() {}

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {}

    public func encode(into buffer: inout ByteBuffer) {}
}

extension Opcode {
    public static let adminLogin = Opcode(0x0100, name: "ADMIN_LOGIN")
}
