/// Operation numbers of protocol v1 (u16). Player operations count up from 0x0001, public
/// reads from 0x0020, admin operations from 0x0100. Never renumber, only append.
public enum Opcode: UInt16, CaseIterable, Sendable {
    case register = 0x0001
    case login = 0x0002
    case getProfile = 0x0003
    case quest = 0x0004
    case fuse = 0x0005
    case awaken = 0x0006
    case craft = 0x0007
    case summon = 0x0008
    case claimDaily = 0x0009
    case setLeader = 0x000A
    case build = 0x000B
    case upgrade = 0x000C
    case collect = 0x000D
    case getCollection = 0x000E
    case getCatalog = 0x0020
    case getTables = 0x0021
    case adminLogin = 0x0100
    case adminGrant = 0x0101
    case adminLedger = 0x0102
    case adminServices = 0x0103
    case adminExport = 0x0104
    case adminBackup = 0x0105

    /// The name used in `protocol/schema.json` and the documents: `GET_PROFILE` for `getProfile`.
    public var name: String {
        Self.names[self]!
    }

    /// Every name, spelled out once: deriving one from the case name costs microseconds of
    /// Unicode work, too much for a per-request error path or log line.
    private static let names: [Opcode: String] = Dictionary(uniqueKeysWithValues: allCases.map { opcode in
        (opcode, "\(opcode)".reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        })
    })
}
