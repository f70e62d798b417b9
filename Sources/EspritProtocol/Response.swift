import NIOCore

/// A successful answer: one case per ``Opcode``, carrying that operation's response message.
public enum Response: Equatable, Sendable {
    case register(RegisterResponse)
    case login(LoginResponse)
    case getProfile(ProfileResponse)
    case adminLogin(AdminLoginResponse)
    case adminGrant(AdminGrantResponse)

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

    static func decode(opcode: Opcode, from buffer: inout ByteBuffer) throws(WireDecodingError) -> Response {
        switch opcode {
        case .register: .register(try RegisterResponse(from: &buffer))
        case .login: .login(try LoginResponse(from: &buffer))
        case .getProfile: .getProfile(try ProfileResponse(from: &buffer))
        case .adminLogin: .adminLogin(try AdminLoginResponse(from: &buffer))
        case .adminGrant: .adminGrant(try AdminGrantResponse(from: &buffer))
        }
    }
}
