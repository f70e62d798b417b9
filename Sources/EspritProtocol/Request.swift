import NIOCore

/// A client operation: one case per ``Opcode``, carrying that operation's request message.
public enum Request: Equatable, Sendable {
    case register(RegisterRequest)
    case login(LoginRequest)
    case getProfile(GetProfileRequest)
    case adminLogin(AdminLoginRequest)
    case adminGrant(AdminGrantRequest)

    public var opcode: Opcode {
        switch self {
        case .register: .register
        case .login: .login
        case .getProfile: .getProfile
        case .adminLogin: .adminLogin
        case .adminGrant: .adminGrant
        }
    }

    /// The message inside, for code that treats every operation alike (logging, tests).
    public var message: any WireMessage {
        switch self {
        case let .register(message): message
        case let .login(message): message
        case let .getProfile(message): message
        case let .adminLogin(message): message
        case let .adminGrant(message): message
        }
    }

    /// Checks that every string and byte field fits its u16 length prefix, so that encoding
    /// cannot fail.
    public func validateLengths() throws(WireDecodingError) {
        let fields: [(String, Int)] = switch self {
        case let .register(request): [("name", request.name.utf8.count)]
        case let .login(request): [("token", request.token.count)]
        case .getProfile, .adminGrant: []
        case let .adminLogin(request): [("key", request.key.utf8.count)]
        }
        for (field, length) in fields where length > ByteBuffer.maxWireLength {
            throw WireDecodingError(field: field, reason: "\(length) bytes is more than the \(ByteBuffer.maxWireLength) the protocol carries")
        }
    }

    static func decode(opcode: Opcode, from buffer: inout ByteBuffer) throws(WireDecodingError) -> Request {
        switch opcode {
        case .register: .register(try RegisterRequest(from: &buffer))
        case .login: .login(try LoginRequest(from: &buffer))
        case .getProfile: .getProfile(try GetProfileRequest(from: &buffer))
        case .adminLogin: .adminLogin(try AdminLoginRequest(from: &buffer))
        case .adminGrant: .adminGrant(try AdminGrantRequest(from: &buffer))
        }
    }
}
