import NIOCore

/// Every operation of the protocol, by its request message: what a frame's opcode decodes to.
/// The one list a new operation joins in this module (its message file declares the rest);
/// tests prove it agrees with `protocol/schema.json` and with the server's registry.
public enum WireOperations {
    public static let requests: [any WireRequest.Type] = [
        RegisterRequest.self,
        LoginRequest.self,
        GetProfileRequest.self,
        QuestRequest.self,
        FuseRequest.self,
        AwakenRequest.self,
        CraftRequest.self,
        SummonRequest.self,
        ClaimDailyRequest.self,
        SetLeaderRequest.self,
        BuildRequest.self,
        UpgradeRequest.self,
        CollectRequest.self,
        GetCollectionRequest.self,
        SubscribeRequest.self,
        UnsubscribeRequest.self,
        GetCatalogRequest.self,
        GetTablesRequest.self,
        AdminLoginRequest.self,
        AdminGrantRequest.self,
        AdminLedgerRequest.self,
        AdminServicesRequest.self,
        AdminExportRequest.self,
        AdminBackupRequest.self,
    ]

    /// Every opcode, in the order of ``requests``.
    public static var opcodes: [Opcode] { requests.map { $0.opcode } }

    /// The request messages indexed by raw opcode (the highest is in the hundreds, so a table
    /// beats a hash on every frame).
    private static let table: [(any WireRequest.Type)?] = {
        var table: [(any WireRequest.Type)?] = []
        for request in requests {
            let index = Int(request.opcode.rawValue)
            if table.count <= index { table += [(any WireRequest.Type)?](repeating: nil, count: index + 1 - table.count) }
            table[index] = request
        }
        return table
    }()

    /// The request message of `rawOpcode`, if the protocol has that operation (in `version`,
    /// when given: an operation of a later version is unknown to an earlier one).
    public static func request(for rawOpcode: UInt16, version: UInt16 = ProtocolVersion.latest) -> (any WireRequest.Type)? {
        let index = Int(rawOpcode)
        guard index < table.count, let request = table[index], request.since <= version else { return nil }
        return request
    }

    /// Reads the request message of `type` and checks that nothing follows it.
    static func decodeRequest<Request: WireRequest>(_ type: Request.Type, from buffer: inout ByteBuffer, version: UInt16) throws(WireDecodingError) -> any WireRequest {
        let request = try Request(from: &buffer, version: version)
        try buffer.requireFullyRead(message: Request.opcode.name)
        return request
    }

    /// Reads the response message that answers `type`.
    static func decodeResponse<Request: WireRequest>(to type: Request.Type, from buffer: inout ByteBuffer, version: UInt16) throws(WireDecodingError) -> any WireMessage {
        try Request.Response(from: &buffer, version: version)
    }
}
