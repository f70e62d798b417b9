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
