import EspritGame
import EspritProtocol

/// Every operation the server runs, one line each: the one place a new operation is added
/// besides its own file (DESIGN.md, "The path of one request"). `OperationRegistryTests`
/// proves it, the opcode list and protocol/schema.json agree.
enum OperationRegistry {
    static let all: [any Operation.Type] = [
        RegisterOperation.self,
        LoginOperation.self,
        GetProfileOperation.self,
        QuestOperation.self,
        FuseOperation.self,
        AwakenOperation.self,
        CraftOperation.self,
        SummonOperation.self,
        ClaimDailyOperation.self,
        SetLeaderOperation.self,
        BuildOperation.self,
        UpgradeOperation.self,
        CollectOperation.self,
        GetCollectionOperation.self,
        GetCatalogOperation.self,
        GetTablesOperation.self,
        AdminLoginOperation.self,
        AdminGrantOperation.self,
        AdminLedgerOperation.self,
        AdminServicesOperation.self,
        AdminExportOperation.self,
        AdminBackupOperation.self,
    ]

    private static let byOpcode: [UInt16: any Operation.Type] = Dictionary(uniqueKeysWithValues: all.map { ($0.opcode.rawValue, $0) })

    /// The operation of `opcode`, if the server has one.
    static func operation(for opcode: Opcode) -> (any Operation.Type)? {
        byOpcode[opcode.rawValue]
    }
}
