/// The number of each kind of event (GAME.md, "Events"), the same in the journal (one byte)
/// and on the wire (u16). Part of the journal format and of protocol v1: never renumber, only
/// append.
public enum EventType: UInt16, CaseIterable, Sendable {
    case playerRegistered = 1
    case currencyChanged = 2
    case espritAdded = 3
    case espritRemoved = 4
    case espritFused = 5
    case fusionFailed = 6
    case espritAwakened = 7
    case espritCrafted = 8
    case summonPerformed = 9
    case dailyClaimed = 10
    case questCompleted = 11
    case playerLeveledUp = 12
    case energyChanged = 13
    case buildingBuilt = 14
    case buildingUpgraded = 15
    case buildingCollected = 16
    case leaderChanged = 17

    /// The name of GAME.md: `CurrencyChanged` for `currencyChanged`.
    public var name: String {
        let raw = "\(self)"
        return raw.prefix(1).uppercased() + raw.dropFirst()
    }
}
