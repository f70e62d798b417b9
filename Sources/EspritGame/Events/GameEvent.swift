/// Something that happened to a player, named `{Aggregate}{Action}` (GAME.md, "Events").
///
/// Events carry absolute results (the balance after, not only the delta), so that replaying
/// the journal needs neither a rule, nor the config, nor the random source.
public struct GameEvent: Equatable, Sendable {
    public var playerId: UInt64
    /// Milliseconds since the Unix epoch.
    public var at: Int64
    public var correlationId: String
    /// The command that caused the event.
    public var causationId: String
    public var payload: EventPayload

    public init(playerId: UInt64, context: CommandContext, payload: EventPayload) {
        self.init(
            playerId: playerId, at: context.now, correlationId: context.correlationId,
            causationId: context.commandId, payload: payload
        )
    }

    public init(playerId: UInt64, at: Int64, correlationId: String, causationId: String, payload: EventPayload) {
        self.playerId = playerId
        self.at = at
        self.correlationId = correlationId
        self.causationId = causationId
        self.payload = payload
    }

    public var name: String { payload.name }
}

/// The facts of each kind of event (GAME.md, "Events").
public enum EventPayload: Equatable, Sendable {
    case playerRegistered(PlayerRegistered)
    case currencyChanged(CurrencyChanged)
    case espritAdded(EspritCountChanged)
    case espritRemoved(EspritCountChanged)
    case espritFused(EspritFused)
    case fusionFailed(FusionFailed)
    case espritAwakened(EspritAwakened)
    case espritCrafted(EspritCrafted)
    case summonPerformed(SummonPerformed)
    case dailyClaimed(DailyClaimed)
    case questCompleted(QuestCompleted)
    case playerLeveledUp(PlayerLeveledUp)
    case energyChanged(EnergyChanged)
    case buildingBuilt(BuildingBuilt)
    case buildingUpgraded(BuildingUpgraded)
    case buildingCollected(BuildingCollected)
    case leaderChanged(LeaderChanged)

    /// The event's number, in the journal and on the wire.
    public var type: EventType {
        switch self {
        case .playerRegistered: .playerRegistered
        case .currencyChanged: .currencyChanged
        case .espritAdded: .espritAdded
        case .espritRemoved: .espritRemoved
        case .espritFused: .espritFused
        case .fusionFailed: .fusionFailed
        case .espritAwakened: .espritAwakened
        case .espritCrafted: .espritCrafted
        case .summonPerformed: .summonPerformed
        case .dailyClaimed: .dailyClaimed
        case .questCompleted: .questCompleted
        case .playerLeveledUp: .playerLeveledUp
        case .energyChanged: .energyChanged
        case .buildingBuilt: .buildingBuilt
        case .buildingUpgraded: .buildingUpgraded
        case .buildingCollected: .buildingCollected
        case .leaderChanged: .leaderChanged
        }
    }

    /// The name of GAME.md.
    public var name: String { type.name }
}

/// A player was created with these starting values. Starting balances follow as
/// ``CurrencyChanged`` events so that the ledger sums to the balances.
public struct PlayerRegistered: Equatable, Sendable {
    public var name: String
    /// SHA-256 of the login token; the token itself is never stored.
    public var tokenHash: [UInt8]
    public var level: Int
    public var xp: Int64
    public var energy: Int64

    public init(name: String, tokenHash: [UInt8], level: Int, xp: Int64, energy: Int64) {
        self.name = name
        self.tokenHash = tokenHash
        self.level = level
        self.xp = xp
        self.energy = energy
    }
}

/// One ledger entry: a currency moved by `delta`, leaving `balanceAfter`, because of `reason`
/// (the operation's name).
public struct CurrencyChanged: Equatable, Sendable {
    public var currency: Currency
    public var delta: Int64
    public var balanceAfter: Int64
    public var reason: String

    public init(currency: Currency, delta: Int64, balanceAfter: Int64, reason: String) {
        self.currency = currency
        self.delta = delta
        self.balanceAfter = balanceAfter
        self.reason = reason
    }
}
