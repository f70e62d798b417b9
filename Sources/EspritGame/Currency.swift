/// Every balance a player holds: the soft currency, the premium one, and shards per element.
///
/// The raw value is the currency code of the wire protocol and of the journal; never renumber.
public enum Currency: UInt8, CaseIterable, Sendable {
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

extension Currency: Codable {
    /// Config files name currencies rather than number them.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let currency = Currency(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown currency \(name)"))
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
