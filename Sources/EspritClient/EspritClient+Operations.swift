import EspritProtocol

/// One method per operation with the fields as arguments, for callers that would rather not
/// build request messages; each is ``send(_:correlationId:)`` of that operation's request.
extension EspritClient {
    public func register(name: String, correlationId: String = "") async throws -> RegisterResponse {
        try await send(RegisterRequest(name: name), correlationId: correlationId)
    }

    public func login(playerId: UInt64, token: [UInt8], correlationId: String = "") async throws -> LoginResponse {
        try await send(LoginRequest(playerId: playerId, token: token), correlationId: correlationId)
    }

    public func profile(correlationId: String = "") async throws -> ProfileResponse {
        try await send(GetProfileRequest(), correlationId: correlationId)
    }

    public func adminLogin(key: String, correlationId: String = "") async throws {
        _ = try await send(AdminLoginRequest(key: key), correlationId: correlationId)
    }

    public func grant(playerId: UInt64, currency: UInt8, amount: Int64, correlationId: String = "") async throws -> AdminGrantResponse {
        try await send(AdminGrantRequest(playerId: playerId, currency: currency, amount: amount), correlationId: correlationId)
    }

    public func ledger(playerId: UInt64, limit: UInt32, correlationId: String = "") async throws -> [LedgerEntry] {
        try await send(AdminLedgerRequest(playerId: playerId, limit: limit), correlationId: correlationId).entries
    }

    /// `ADMIN_SERVICES`: acts on a background service (unless `.list`), then reports them all.
    public func services(_ action: AdminServicesRequest.Action = .list, service: String = "", correlationId: String = "") async throws -> [ServiceStatus] {
        try await send(AdminServicesRequest(action: action, service: service), correlationId: correlationId).services
    }

    /// `ADMIN_EXPORT`: the server writes a snapshot to `path` on its own host.
    public func export(path: String, correlationId: String = "") async throws -> AdminExportResponse {
        try await send(AdminExportRequest(path: path), correlationId: correlationId)
    }

    /// `ADMIN_BACKUP`: the server writes a hot backup into `directory` on its own host.
    public func backup(directory: String, correlationId: String = "") async throws -> AdminBackupResponse {
        try await send(AdminBackupRequest(directory: directory), correlationId: correlationId)
    }

    public func quest(zone: UInt16, correlationId: String = "") async throws -> [WireEvent] {
        try await send(QuestRequest(zone: zone), correlationId: correlationId).events
    }

    public func fuse(first: UInt32, second: UInt32, correlationId: String = "") async throws -> [WireEvent] {
        try await send(FuseRequest(first: first, second: second), correlationId: correlationId).events
    }

    public func awaken(baseId: UInt32, correlationId: String = "") async throws -> [WireEvent] {
        try await send(AwakenRequest(baseId: baseId), correlationId: correlationId).events
    }

    public func craft(element: UInt8, tier: UInt8, correlationId: String = "") async throws -> [WireEvent] {
        try await send(CraftRequest(element: element, tier: tier), correlationId: correlationId).events
    }

    public func summon(banner: String, pulls: UInt8, correlationId: String = "") async throws -> [WireEvent] {
        try await send(SummonRequest(banner: banner, pulls: pulls), correlationId: correlationId).events
    }

    public func claimDaily(correlationId: String = "") async throws -> [WireEvent] {
        try await send(ClaimDailyRequest(), correlationId: correlationId).events
    }

    public func setLeader(baseId: UInt32, correlationId: String = "") async throws -> [WireEvent] {
        try await send(SetLeaderRequest(baseId: baseId), correlationId: correlationId).events
    }

    public func build(type: String, correlationId: String = "") async throws -> [WireEvent] {
        try await send(BuildRequest(type: type), correlationId: correlationId).events
    }

    public func upgrade(type: String, correlationId: String = "") async throws -> [WireEvent] {
        try await send(UpgradeRequest(type: type), correlationId: correlationId).events
    }

    public func collect(type: String, correlationId: String = "") async throws -> [WireEvent] {
        try await send(CollectRequest(type: type), correlationId: correlationId).events
    }

    /// `SUBSCRIBE` (v2): the player's events arrive on ``events`` from now on.
    public func subscribe(fromLsn: UInt64 = 0, correlationId: String = "") async throws -> SubscribeResponse {
        try await send(SubscribeRequest(fromLsn: fromLsn), correlationId: correlationId)
    }

    public func collection(correlationId: String = "") async throws -> CollectionResponse {
        try await send(GetCollectionRequest(), correlationId: correlationId)
    }

    public func catalog(correlationId: String = "") async throws -> CatalogResponse {
        try await send(GetCatalogRequest(), correlationId: correlationId)
    }

    public func tables(correlationId: String = "") async throws -> TablesResponse {
        try await send(GetTablesRequest(), correlationId: correlationId)
    }
}
