/// Every balance a player holds: the soft currency, the premium one, and shards per element.
///
/// The raw value is the currency code of the wire protocol and of the journal; never renumber.
public enum Currency: UInt8, CaseIterable, Sendable, Codable {
    case lumees = 0
    case revies = 1
    case fireShards = 2
    case waterShards = 3
    case earthShards = 4
    case windShards = 5
    case lightShards = 6
    case darkShards = 7

    /// The shards currency of an element.
    public static func shards(_ element: Element) -> Currency {
        Currency(rawValue: 2 + element.rawValue)!
    }

    /// The name used by the CLI, the ledger and the documents: `lumees`, `revies`, `shards.fire`, …
    public var name: String {
        switch self {
        case .lumees: "lumees"
        case .revies: "revies"
        default: "shards.\(Element(rawValue: rawValue - 2)!.name)"
        }
    }

    /// Parses ``name``; nil for anything else.
    public init?(name: String) {
        guard let match = Currency.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
