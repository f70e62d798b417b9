/// The six elements of GAME.md. Raw values are stable: they are journaled and sent on the wire.
public enum Element: UInt8, CaseIterable, Sendable {
    case fire = 0
    case water = 1
    case earth = 2
    case wind = 3
    case light = 4
    case dark = 5

    public var name: String {
        switch self {
        case .fire: "fire"
        case .water: "water"
        case .earth: "earth"
        case .wind: "wind"
        case .light: "light"
        case .dark: "dark"
        }
    }
}

extension Element: Codable {
    /// Parses ``name``; nil for anything else.
    public init?(name: String) {
        guard let match = Element.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Config files name elements rather than number them.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let element = Element(name: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown element \(name)"))
        }
        self = element
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
