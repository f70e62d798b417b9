/// Operation numbers of protocol v1 (u16). Player operations count up from 0x0001, admin
/// operations from 0x0100. Never renumber, only append.
public enum Opcode: UInt16, CaseIterable, Sendable {
    case register = 0x0001
    case login = 0x0002
    case getProfile = 0x0003
    case adminLogin = 0x0100
    case adminGrant = 0x0101

    /// The name used in `protocol/schema.json` and the documents.
    public var name: String {
        switch self {
        case .register: "REGISTER"
        case .login: "LOGIN"
        case .getProfile: "GET_PROFILE"
        case .adminLogin: "ADMIN_LOGIN"
        case .adminGrant: "ADMIN_GRANT"
        }
    }
}
