import EspritProtocol

/// One typed method per operation, so callers never match on ``Response`` themselves.
extension EspritClient {
    public func register(name: String, correlationId: String = "") async throws -> RegisterResponse {
        guard case let .register(response) = try await send(.register(RegisterRequest(name: name)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("REGISTER answered with another operation")
        }
        return response
    }

    public func login(playerId: UInt64, token: [UInt8], correlationId: String = "") async throws -> LoginResponse {
        guard case let .login(response) = try await send(.login(LoginRequest(playerId: playerId, token: token)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("LOGIN answered with another operation")
        }
        return response
    }

    public func profile(correlationId: String = "") async throws -> ProfileResponse {
        guard case let .getProfile(response) = try await send(.getProfile(EmptyRequest()), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("GET_PROFILE answered with another operation")
        }
        return response
    }

    public func adminLogin(key: String, correlationId: String = "") async throws {
        guard case .adminLogin = try await send(.adminLogin(AdminLoginRequest(key: key)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_LOGIN answered with another operation")
        }
    }

    public func grant(playerId: UInt64, currency: UInt8, amount: Int64, correlationId: String = "") async throws -> AdminGrantResponse {
        let request = AdminGrantRequest(playerId: playerId, currency: currency, amount: amount)
        guard case let .adminGrant(response) = try await send(.adminGrant(request), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_GRANT answered with another operation")
        }
        return response
    }

    public func ledger(playerId: UInt64, limit: UInt32, correlationId: String = "") async throws -> [LedgerEntry] {
        guard case let .adminLedger(response) = try await send(.adminLedger(AdminLedgerRequest(playerId: playerId, limit: limit)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_LEDGER answered with another operation")
        }
        return response.entries
    }

    /// `ADMIN_SERVICES`: acts on a background service (unless `.list`), then reports them all.
    public func services(_ action: AdminServicesRequest.Action = .list, service: String = "", correlationId: String = "") async throws -> [ServiceStatus] {
        guard case let .adminServices(response) = try await send(.adminServices(AdminServicesRequest(action: action, service: service)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_SERVICES answered with another operation")
        }
        return response.services
    }

    /// `ADMIN_EXPORT`: the server writes a snapshot to `path` on its own host.
    public func export(path: String, correlationId: String = "") async throws -> AdminExportResponse {
        guard case let .adminExport(response) = try await send(.adminExport(AdminExportRequest(path: path)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_EXPORT answered with another operation")
        }
        return response
    }

    /// `ADMIN_BACKUP`: the server writes a hot backup into `directory` on its own host.
    public func backup(directory: String, correlationId: String = "") async throws -> AdminBackupResponse {
        guard case let .adminBackup(response) = try await send(.adminBackup(AdminBackupRequest(directory: directory)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_BACKUP answered with another operation")
        }
        return response
    }

    public func quest(zone: UInt16, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.quest(QuestRequest(zone: zone)), correlationId: correlationId)
    }

    public func fuse(first: UInt32, second: UInt32, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.fuse(FuseRequest(first: first, second: second)), correlationId: correlationId)
    }

    public func awaken(baseId: UInt32, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.awaken(EspritRequest(baseId: baseId)), correlationId: correlationId)
    }

    public func craft(element: UInt8, tier: UInt8, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.craft(CraftRequest(element: element, tier: tier)), correlationId: correlationId)
    }

    public func summon(banner: String, pulls: UInt8, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.summon(SummonRequest(banner: banner, pulls: pulls)), correlationId: correlationId)
    }

    public func claimDaily(correlationId: String = "") async throws -> [WireEvent] {
        try await events(.claimDaily(EmptyRequest()), correlationId: correlationId)
    }

    public func setLeader(baseId: UInt32, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.setLeader(EspritRequest(baseId: baseId)), correlationId: correlationId)
    }

    public func build(type: String, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.build(BuildingRequest(type: type)), correlationId: correlationId)
    }

    public func upgrade(type: String, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.upgrade(BuildingRequest(type: type)), correlationId: correlationId)
    }

    public func collect(type: String, correlationId: String = "") async throws -> [WireEvent] {
        try await events(.collect(BuildingRequest(type: type)), correlationId: correlationId)
    }

    public func collection(correlationId: String = "") async throws -> CollectionResponse {
        guard case let .getCollection(response) = try await send(.getCollection(EmptyRequest()), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("GET_COLLECTION answered with another operation")
        }
        return response
    }

    public func catalog(correlationId: String = "") async throws -> CatalogResponse {
        guard case let .getCatalog(response) = try await send(.getCatalog(EmptyRequest()), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("GET_CATALOG answered with another operation")
        }
        return response
    }

    public func tables(correlationId: String = "") async throws -> TablesResponse {
        guard case let .getTables(response) = try await send(.getTables(EmptyRequest()), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("GET_TABLES answered with another operation")
        }
        return response
    }

    /// Sends a game operation and returns the events it caused.
    private func events(_ request: Request, correlationId: String) async throws -> [WireEvent] {
        guard case let .events(opcode, response) = try await send(request, correlationId: correlationId), opcode == request.opcode else {
            throw EspritClientError.protocolViolation("\(request.opcode.name) answered with another operation")
        }
        return response.events
    }
}
