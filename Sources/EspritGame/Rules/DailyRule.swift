/// `claimDaily()` (GAME.md, "Daily echo").
public enum DailyRule {
    static let dayMilliseconds: Int64 = 86_400_000

    /// - Returns: the echo's reward (lumees with the streak bonus, revies, shards or an Esprit)
    ///   and `DailyClaimed` with the day and the streak after it.
    /// - Throws: `alreadyClaimed(nextResetAt)` unless `now` is in a UTC day after the last one
    ///   claimed (a clock set back cannot buy a second claim);
    ///   `limitReached` unless every possible reward would fit (checked before the roll).
    @_specialize(exported: true, where Random == GameRandom)
    public static func run<Random: RandomNumberGenerator>(
        player: PlayerState, context: CommandContext, rules: Ruleset, random: inout Random
    ) throws(GameError) -> RuleOutcome {
        let day = self.day(of: context.now)
        if let last = player.daily.lastClaimDay, day <= last {
            throw .alreadyClaimed(nextResetAt: (last + 1) * dayMilliseconds)
        }
        let streak = player.daily.lastClaimDay == day - 1 ? player.daily.streak + 1 : 1
        try requireRoomForEveryOutcome(player: player, streak: streak, context: context, rules: rules)
        let outcome = WeightedChoice.pick(rules.config.daily.echoTable, weight: \.weight, using: &random)
        var change = PlayerChange(player, context: context, rules: rules)
        var claim = DailyClaimed(day: day, streakAfter: streak, reward: outcome.reward, amount: 1)
        switch outcome.reward {
        case .lumees:
            let base = Int64.random(in: outcome.min...outcome.max, using: &random)
            claim.amount = Int64((Double(base) * (1 + streakBonus(streak: streak, config: rules.config))).rounded())
            try change.credit(.lumees, claim.amount, reason: "daily")
        case .revies:
            claim.amount = Int64.random(in: outcome.min...outcome.max, using: &random)
            try change.credit(.revies, claim.amount, reason: "daily")
        case .shards:
            let element = Element.allCases.randomElement(using: &random)!
            claim.element = element
            claim.amount = Int64.random(in: outcome.min...outcome.max, using: &random)
            try change.credit(.shards(element), claim.amount, reason: "daily")
        case .esprit:
            let baseId = rules.randomEsprit(tier: outcome.tier, using: &random)
            claim.baseId = baseId
            try change.addEsprit(baseId, reason: "daily")
        }
        change.record(.dailyClaimed(claim))
        return change.outcome
    }

    /// Refuses before the roll unless every row of the echo table would fit, so that a refusal
    /// never depends on the roll (a refused claim uses up nothing and could be retried).
    private static func requireRoomForEveryOutcome(player: PlayerState, streak: Int, context: CommandContext, rules: Ruleset) throws(GameError) {
        let change = PlayerChange(player, context: context, rules: rules)
        for outcome in rules.config.daily.echoTable where outcome.weight > 0 {
            let bonus = outcome.reward == .lumees ? streakBonus(streak: streak, config: rules.config) : 0
            let most = Int64((Double(outcome.max) * (1 + bonus)).rounded())
            let currencies: [Currency] = switch outcome.reward {
            case .lumees: [.lumees]
            case .revies: [.revies]
            case .shards: Element.allCases.map(Currency.shards)
            case .esprit: []
            }
            for currency in currencies {
                try change.requireRoom(for: most, of: currency)
            }
            if outcome.reward == .esprit {
                try change.requireRoom(forAnyOf: rules.esprits(tier: outcome.tier))
            }
        }
    }

    /// The streak bonus on lumees: each day after the first adds `streakBonusPerDay`, capped.
    public static func streakBonus(streak: Int, config: GameConfig) -> Double {
        min(config.daily.streakBonusMax, config.daily.streakBonusPerDay * Double(max(0, streak - 1)))
    }

    /// Days since the Unix epoch (UTC).
    public static func day(of time: Int64) -> Int64 {
        time >= 0 ? time / dayMilliseconds : (time - dayMilliseconds + 1) / dayMilliseconds
    }

    /// The next 00:00 UTC after `now`.
    public static func nextResetAt(now: Int64) -> Int64 {
        (day(of: now) + 1) * dayMilliseconds
    }
}
