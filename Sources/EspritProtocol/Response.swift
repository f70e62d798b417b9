import NIOCore

/// A successful answer. Game operations (`QUEST` … `COLLECT`) all answer with the events they
/// caused; reads and account operations have messages of their own.
public enum Response: Equatable, Sendable {
    case register(RegisterResponse)
    case login(LoginResponse)
    case getProfile(ProfileResponse)
    /// The answer to a game operation, tagged with that operation.
    case events(Opcode, EventsResponse)
    case getCollection(CollectionResponse)
    case getCatalog(CatalogResponse)
    case getTables(TablesResponse)
    case adminLogin(AdminLoginResponse)
    case adminGrant(AdminGrantResponse)
    case adminLedger(AdminLedgerResponse)
    case adminServices(AdminServicesResponse)
    case adminExport(AdminExportResponse)
    case adminBackup(AdminBackupResponse)

    public var opcode: Opcode {
        switch self {
        case .register: .register
        case .login: .login
        case .getProfile: .getProfile
        case let .events(opcode, _): opcode
        case .getCollection: .getCollection
        case .getCatalog: .getCatalog
        case .getTables: .getTables
        case .adminLogin: .adminLogin
        case .adminGrant: .adminGrant
        case .adminLedger: .adminLedger
        case .adminServices: .adminServices
        case .adminExport: .adminExport
        case .adminBackup: .adminBackup
        }
    }

    /// The message inside, for code that treats every operation alike (encoding, logging, tests).
    public var message: any WireMessage {
        switch self {
        case let .register(message): message
        case let .login(message): message
        case let .getProfile(message): message
        case let .events(_, message): message
        case let .getCollection(message): message
        case let .getCatalog(message): message
        case let .getTables(message): message
        case let .adminLogin(message): message
        case let .adminGrant(message): message
        case let .adminLedger(message): message
        case let .adminServices(message): message
        case let .adminExport(message): message
        case let .adminBackup(message): message
        }
    }

    static func decode(opcode: Opcode, from buffer: inout ByteBuffer) throws(WireDecodingError) -> Response {
        switch opcode {
        case .register: return .register(try RegisterResponse(from: &buffer))
        case .login: return .login(try LoginResponse(from: &buffer))
        case .getProfile: return .getProfile(try ProfileResponse(from: &buffer))
        case .getCollection: return .getCollection(try CollectionResponse(from: &buffer))
        case .getCatalog: return .getCatalog(try CatalogResponse(from: &buffer))
        case .getTables: return .getTables(try TablesResponse(from: &buffer))
        case .adminLogin: return .adminLogin(try AdminLoginResponse(from: &buffer))
        case .adminGrant: return .adminGrant(try AdminGrantResponse(from: &buffer))
        case .adminLedger: return .adminLedger(try AdminLedgerResponse(from: &buffer))
        case .adminServices: return .adminServices(try AdminServicesResponse(from: &buffer))
        case .adminExport: return .adminExport(try AdminExportResponse(from: &buffer))
        case .adminBackup: return .adminBackup(try AdminBackupResponse(from: &buffer))
        case .quest, .fuse, .awaken, .craft, .summon, .claimDaily, .setLeader, .build, .upgrade, .collect:
            return .events(opcode, try EventsResponse(from: &buffer))
        }
    }
}
