/// Everything the server knows about one player: a value type, so a shard can hand a consistent
/// copy to a checkpoint or a snapshot without locking.
public struct PlayerState: Equatable, Sendable {
    public let id: UInt64
    public var name: String
    public var tokenHash: [UInt8]
    public var level: Int
    public var xp: Int64
    public var energy: Energy
    public var balances: Balances
    public var esprits = EspritCollection()
    /// The base id of the leader's stack; cleared when that stack disappears.
    public var leader: UInt32?
    /// Per banner id: consecutive pulls since the last result of the banner's pity tier.
    public var pity: [String: Int] = [:]
    public var daily = DailyState()
    public var buildings: [BuildingState] = []
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64

    /// The player as its registration event made it, before any other event.
    public init(id: UInt64, registered: PlayerRegistered, at: Int64) {
        self.id = id
        self.name = registered.name
        self.tokenHash = registered.tokenHash
        self.level = registered.level
        self.xp = registered.xp
        self.energy = Energy(value: registered.energy, asOf: at)
        self.balances = Balances()
        self.createdAt = at
    }

    /// Builds a player from the events of its registration record, `PlayerRegistered` first.
    public init(replaying events: [GameEvent]) {
        guard let first = events.first, case let .playerRegistered(registered) = first.payload else {
            preconditionFailure("a registration record must start with PlayerRegistered")
        }
        self.init(id: first.playerId, registered: registered, at: first.at)
        for event in events.dropFirst() {
            apply(event)
        }
    }

    /// The latest time this player's state refers to: the server's clock must not answer less,
    /// or energy and buildings would count negative time and a day could be claimed twice.
    public var latestTime: Int64 {
        var latest = max(createdAt, energy.asOf)
        for building in buildings { latest = max(latest, building.asOf) }
        if let day = daily.lastClaimDay { latest = max(latest, day * DailyRule.dayMilliseconds) }
        return latest
    }

    /// The building of `type`, if built.
    public func building(_ type: String) -> BuildingState? {
        buildings.first { $0.type == type }
    }
}
