/// The six elements of GAME.md. Raw values are stable: they are journaled and sent on the wire.
public enum Element: UInt8, CaseIterable, Sendable, Codable {
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
