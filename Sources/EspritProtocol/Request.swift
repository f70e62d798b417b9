import NIOCore

/// A client operation: one case per ``Opcode``, carrying that operation's request message.
public enum Request: Equatable, Sendable {
    case register(RegisterRequest)
    case login(LoginRequest)
    case getProfile(EmptyRequest)
    case quest(QuestRequest)
    case fuse(FuseRequest)
    case awaken(EspritRequest)
    case craft(CraftRequest)
    case summon(SummonRequest)
    case claimDaily(EmptyRequest)
    case setLeader(EspritRequest)
    case build(BuildingRequest)
    case upgrade(BuildingRequest)
    case collect(BuildingRequest)
    case getCollection(EmptyRequest)
    case getCatalog(EmptyRequest)
    case getTables(EmptyRequest)
    case adminLogin(AdminLoginRequest)
    case adminGrant(AdminGrantRequest)
    case adminLedger(AdminLedgerRequest)
    case adminServices(AdminServicesRequest)
    case adminExport(AdminExportRequest)
    case adminBackup(AdminBackupRequest)

    public var opcode: Opcode {
        switch self {
        case .register: .register
        case .login: .login
        case .getProfile: .getProfile
        case .quest: .quest
        case .fuse: .fuse
        case .awaken: .awaken
        case .craft: .craft
        case .summon: .summon
        case .claimDaily: .claimDaily
        case .setLeader: .setLeader
        case .build: .build
        case .upgrade: .upgrade
        case .collect: .collect
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
        case let .quest(message): message
        case let .fuse(message): message
        case let .craft(message): message
        case let .summon(message): message
        case let .awaken(message), let .setLeader(message): message
        case let .build(message), let .upgrade(message), let .collect(message): message
        case let .getProfile(message), let .claimDaily(message), let .getCollection(message), let .getCatalog(message), let .getTables(message): message
        case let .adminLogin(message): message
        case let .adminGrant(message): message
        case let .adminLedger(message): message
        case let .adminServices(message): message
        case let .adminExport(message): message
        case let .adminBackup(message): message
        }
    }

    /// Checks that every string and byte field fits its u16 length prefix, so that encoding
    /// cannot fail.
    public func validateLengths() throws(WireDecodingError) {
        let fields: [(String, Int)] = switch self {
        case let .register(request): [("name", request.name.utf8.count)]
        case let .login(request): [("token", request.token.count)]
        case let .summon(request): [("banner", request.banner.utf8.count)]
        case let .build(request), let .upgrade(request), let .collect(request): [("type", request.type.utf8.count)]
        case let .adminLogin(request): [("key", request.key.utf8.count)]
        case let .adminServices(request): [("service", request.service.utf8.count)]
        case let .adminExport(request): [("path", request.path.utf8.count)]
        case let .adminBackup(request): [("directory", request.directory.utf8.count)]
        case .getProfile, .quest, .fuse, .awaken, .craft, .claimDaily, .setLeader, .getCollection, .getCatalog, .getTables, .adminGrant, .adminLedger: []
        }
        for (field, length) in fields where length > ByteBuffer.maxWireLength {
            throw WireDecodingError(field: field, reason: "\(length) bytes is more than the \(ByteBuffer.maxWireLength) the protocol carries")
        }
    }

    static func decode(opcode: Opcode, from buffer: inout ByteBuffer) throws(WireDecodingError) -> Request {
        switch opcode {
        case .register: .register(try RegisterRequest(from: &buffer))
        case .login: .login(try LoginRequest(from: &buffer))
        case .getProfile: .getProfile(try EmptyRequest(from: &buffer))
        case .quest: .quest(try QuestRequest(from: &buffer))
        case .fuse: .fuse(try FuseRequest(from: &buffer))
        case .awaken: .awaken(try EspritRequest(from: &buffer))
        case .craft: .craft(try CraftRequest(from: &buffer))
        case .summon: .summon(try SummonRequest(from: &buffer))
        case .claimDaily: .claimDaily(try EmptyRequest(from: &buffer))
        case .setLeader: .setLeader(try EspritRequest(from: &buffer))
        case .build: .build(try BuildingRequest(from: &buffer))
        case .upgrade: .upgrade(try BuildingRequest(from: &buffer))
        case .collect: .collect(try BuildingRequest(from: &buffer))
        case .getCollection: .getCollection(try EmptyRequest(from: &buffer))
        case .getCatalog: .getCatalog(try EmptyRequest(from: &buffer))
        case .getTables: .getTables(try EmptyRequest(from: &buffer))
        case .adminLogin: .adminLogin(try AdminLoginRequest(from: &buffer))
        case .adminGrant: .adminGrant(try AdminGrantRequest(from: &buffer))
        case .adminLedger: .adminLedger(try AdminLedgerRequest(from: &buffer))
        case .adminServices: .adminServices(try AdminServicesRequest(from: &buffer))
        case .adminExport: .adminExport(try AdminExportRequest(from: &buffer))
        case .adminBackup: .adminBackup(try AdminBackupRequest(from: &buffer))
        }
    }
}
