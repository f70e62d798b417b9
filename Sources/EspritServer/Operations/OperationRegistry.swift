import EspritGame
import EspritProtocol

/// Every operation the server runs, one line each: the one place in the server a new operation
/// is added besides its own file (README, "What happens to a change"). `OperationRegistryTests`
/// proves it, the protocol's ``WireOperations`` and protocol/schema.json agree.
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
        SubscribeOperation.self,
        UnsubscribeOperation.self,
        GetCatalogOperation.self,
        GetTablesOperation.self,
        AdminLoginOperation.self,
        AdminGrantOperation.self,
        AdminLedgerOperation.self,
        AdminServicesOperation.self,
        AdminExportOperation.self,
        AdminBackupOperation.self,
    ]

    /// What dispatch needs of one operation, with its generic code specialized once here
    /// rather than looked up on every request.
    struct Entry: Sendable {
        let access: Access
        /// The player's token bucket it takes from, if any.
        let rateClass: RateClass?
        let takesIdempotencyKey: Bool
        let name: String
        let run: @Sendable (any WireRequest, RequestCall) -> Void

        init<Op: Operation>(_ operation: Op.Type) {
            access = Op.access
            rateClass = Op.rateClass
            takesIdempotencyKey = Op.takesIdempotencyKey
            name = Op.opcode.name
            run = { request, call in Op.dispatch(request, call) }
        }
    }

    /// The entries, indexed by opcode (the highest is in the hundreds, so a table beats a hash).
    private static let entries: [Entry?] = {
        var table: [Entry?] = []
        for operation in all {
            let index = Int(operation.opcode.rawValue)
            if table.count <= index { table += [Entry?](repeating: nil, count: index + 1 - table.count) }
            table[index] = operation.registryEntry
        }
        return table
    }()

    /// The operation of `opcode`, if the server has one.
    static func operation(for opcode: Opcode) -> (any Operation.Type)? {
        all.first { $0.opcode == opcode }
    }

    /// How to dispatch a request of `opcode`.
    static func entry(for opcode: Opcode) -> Entry? {
        let index = Int(opcode.rawValue)
        return index < entries.count ? entries[index] : nil
    }
}
