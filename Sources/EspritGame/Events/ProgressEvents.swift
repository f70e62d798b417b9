/// `SummonPerformed`: what the pulls gave, in order, and the banner's pity counter after them.
public struct SummonPerformed: Equatable, Sendable {
    public var banner: String
    public var results: [UInt32]
    public var pityAfter: Int

    public init(banner: String, results: [UInt32], pityAfter: Int) {
        self.banner = banner
        self.results = results
        self.pityAfter = pityAfter
    }
}

/// `DailyClaimed`: the echo of UTC day `day`, the streak it made, and what it paid (the balances
/// and copies moved in the events beside it).
public struct DailyClaimed: Equatable, Sendable {
    public var day: Int64
    public var streakAfter: Int
    public var reward: EchoOutcome.Reward
    /// Lumees, revies or shards paid; 1 for an Esprit.
    public var amount: Int64
    /// The shards' element, for a shards reward.
    public var element: Element?
    /// The Esprit, for an Esprit reward.
    public var baseId: UInt32?

    public init(day: Int64, streakAfter: Int, reward: EchoOutcome.Reward, amount: Int64, element: Element? = nil, baseId: UInt32? = nil) {
        self.day = day
        self.streakAfter = streakAfter
        self.reward = reward
        self.amount = amount
        self.element = element
        self.baseId = baseId
    }
}

/// `QuestCompleted`: zone `zone` paid `xpGained` (leaving `xpAfter` before any level-up),
/// `lumees`, and maybe a captured Esprit.
public struct QuestCompleted: Equatable, Sendable {
    public var zone: Int
    public var xpGained: Int64
    public var xpAfter: Int64
    public var lumees: Int64
    public var captured: UInt32?

    public init(zone: Int, xpGained: Int64, xpAfter: Int64, lumees: Int64, captured: UInt32?) {
        self.zone = zone
        self.xpGained = xpGained
        self.xpAfter = xpAfter
        self.lumees = lumees
        self.captured = captured
    }
}

/// `PlayerLeveledUp`: the player reached `levelAfter` with `xpAfter` left over.
public struct PlayerLeveledUp: Equatable, Sendable {
    public var levelAfter: Int
    public var xpAfter: Int64

    public init(levelAfter: Int, xpAfter: Int64) {
        self.levelAfter = levelAfter
        self.xpAfter = xpAfter
    }
}

/// `EnergyChanged`: energy is `value` as of `asOf` (regeneration counts from there).
public struct EnergyChanged: Equatable, Sendable {
    public var value: Int64
    public var asOf: Int64
    public var reason: String

    public init(value: Int64, asOf: Int64, reason: String) {
        self.value = value
        self.asOf = asOf
        self.reason = reason
    }
}
