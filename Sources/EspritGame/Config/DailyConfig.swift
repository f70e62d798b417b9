/// The daily echo (GAME.md, "Daily echo"). The day resets at 00:00 UTC.
public struct DailyConfig: Codable, Equatable, Sendable {
    /// Each day of an unbroken streak after the first adds this fraction to lumees rewards…
    public var streakBonusPerDay = 0.10
    /// …up to this fraction.
    public var streakBonusMax = 0.70
    public var echoTable = EchoOutcome.defaults
}

/// One row of the echo table: its weight and what it pays.
public struct EchoOutcome: Codable, Equatable, Sendable {
    public enum Reward: String, Codable, Sendable {
        /// `min…max` lumees (the streak bonus applies).
        case lumees
        /// `min…max` revies.
        case revies
        /// `min…max` shards of a random element.
        case shards
        /// One random Esprit of `tier`.
        case esprit
    }

    public var weight: Int
    public var reward: Reward
    public var min: Int64
    public var max: Int64
    public var tier: Int

    public init(weight: Int, reward: Reward, min: Int64 = 0, max: Int64 = 0, tier: Int = 0) {
        self.weight = weight
        self.reward = reward
        self.min = min
        self.max = max
        self.tier = tier
    }

    private enum CodingKeys: String, CodingKey {
        case weight, reward, min, max, tier
    }

    /// `min`, `max` and `tier` may be left out where the reward does not use them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            weight: try container.decode(Int.self, forKey: .weight),
            reward: try container.decode(Reward.self, forKey: .reward),
            min: try container.decodeIfPresent(Int64.self, forKey: .min) ?? 0,
            max: try container.decodeIfPresent(Int64.self, forKey: .max) ?? 0,
            tier: try container.decodeIfPresent(Int.self, forKey: .tier) ?? 0
        )
    }

    public static let defaults = [
        EchoOutcome(weight: 60, reward: .lumees, min: 500, max: 1_500),
        EchoOutcome(weight: 25, reward: .revies, min: 10, max: 30),
        EchoOutcome(weight: 10, reward: .shards, min: 10, max: 10),
        EchoOutcome(weight: 5, reward: .esprit, tier: 2),
    ]
}
