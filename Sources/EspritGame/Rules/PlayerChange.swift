/// A rule's working copy of a player: every change is recorded as an event and applied at once
/// by ``PlayerState/apply(_:)``, the function replay uses, so the events a rule returns rebuild
/// exactly the state the rule computed. Limits are checked here, once, for every rule.
struct PlayerChange {
    private(set) var player: PlayerState
    private(set) var events: [GameEvent] = []
    let context: CommandContext
    let rules: Ruleset

    init(_ player: PlayerState, context: CommandContext, rules: Ruleset) {
        self.player = player
        self.context = context
        self.rules = rules
    }

    var config: GameConfig { rules.config }

    /// The player as changed so far, with the events that changed them.
    var outcome: RuleOutcome { RuleOutcome(player: player, events: events) }

    mutating func record(_ payload: EventPayload) {
        let event = GameEvent(playerId: player.id, context: context, payload: payload)
        player.apply(event)
        events.append(event)
    }

    /// Takes `amount` of `currency`.
    /// - Throws: `insufficient` naming the currency when the balance is short.
    mutating func debit(_ currency: Currency, _ amount: Int64, reason: String) throws(GameError) {
        let balance = player.balances[currency]
        guard balance >= amount else {
            throw .insufficient(resource: currency.name, required: amount, current: balance)
        }
        if amount > 0 {
            record(.currencyChanged(CurrencyChanged(currency: currency, delta: -amount, balanceAfter: balance - amount, reason: reason)))
        }
    }

    /// Pays `amount` of `currency`.
    /// - Throws: `limitReached` when the balance would pass `currencies.maxBalance`.
    mutating func credit(_ currency: Currency, _ amount: Int64, reason: String) throws(GameError) {
        try requireRoom(for: amount, of: currency)
        let balance = player.balances[currency]
        if amount > 0 {
            record(.currencyChanged(CurrencyChanged(currency: currency, delta: amount, balanceAfter: balance + amount, reason: reason)))
        }
    }

    /// Refuses unless `amount` more of `currency` fits under `currencies.maxBalance`.
    ///
    /// Rules that draw a reward call this with the most they could pay before drawing, so a
    /// refusal never depends on the draw (a player at the cap could otherwise retry for free
    /// until a small draw fits).
    /// - Throws: `limitReached` with the balance `amount` would make.
    func requireRoom(for amount: Int64, of currency: Currency) throws(GameError) {
        let balance = player.balances[currency]
        let limit = config.currencies.maxBalance
        guard amount <= limit - balance else {
            throw .limitReached(limit: limit, value: balance &+ amount)
        }
    }

    /// Adds one copy of `baseId`.
    /// - Throws: `limitReached` when the stack is full or a new stack would pass the stack limit.
    mutating func addEsprit(_ baseId: UInt32, reason: String) throws(GameError) {
        let count = player.esprits[baseId]?.count ?? 0
        guard count < config.esprits.maxCount else {
            throw .limitReached(limit: config.esprits.maxCount, value: count + 1)
        }
        guard count > 0 || player.esprits.count < config.esprits.maxStacks else {
            throw .limitReached(limit: Int64(config.esprits.maxStacks), value: Int64(player.esprits.count + 1))
        }
        record(.espritAdded(EspritCountChanged(baseId: baseId, countAfter: count + 1, reason: reason)))
    }

    /// Whether one more copy of `baseId` fits in the collection.
    func canAdd(_ baseId: UInt32) -> Bool {
        let count = player.esprits[baseId]?.count ?? 0
        return count < config.esprits.maxCount && (count > 0 || player.esprits.count < config.esprits.maxStacks)
    }

    /// Refuses up front unless `copies` results, each any of `candidates`, would all fit.
    ///
    /// Rules that draw a random Esprit check this before drawing, so a refusal never depends on
    /// the draw: otherwise a player at a limit could retry for free until a draw fits.
    /// - Throws: `limitReached` for the stack limit or the count limit.
    func requireRoom(forAnyOf candidates: [UInt32], copies: Int64 = 1) throws(GameError) {
        let limits = config.esprits
        if candidates.contains(where: { player.esprits[$0] == nil }), player.esprits.count + Int(copies) > limits.maxStacks {
            throw .limitReached(limit: Int64(limits.maxStacks), value: Int64(player.esprits.count) + copies)
        }
        for baseId in candidates {
            if let count = player.esprits[baseId]?.count, count + copies > limits.maxCount {
                throw .limitReached(limit: limits.maxCount, value: count + copies)
            }
        }
    }

    /// Removes `copies` of `baseId`; the caller has checked they are there. A leader whose stack
    /// disappears is cleared, with an event of its own.
    mutating func removeEsprit(_ baseId: UInt32, copies: Int64 = 1, reason: String) {
        let count = player.esprits[baseId]?.count ?? 0
        precondition(count >= copies, "removing \(copies) of \(count) copies of \(baseId)")
        record(.espritRemoved(EspritCountChanged(baseId: baseId, countAfter: count - copies, reason: reason)))
        if count == copies, player.leader == baseId {
            record(.leaderChanged(LeaderChanged(baseId: nil)))
        }
    }

    /// The player's stack of `baseId`.
    /// - Throws: `notFound(esprit, id)` when the player has none.
    func stack(_ baseId: UInt32) throws(GameError) -> EspritStack {
        guard let stack = player.esprits[baseId] else {
            throw .notFound(entity: "esprit", id: "\(baseId)")
        }
        return stack
    }

    /// Energy as of now, with regeneration folded in.
    var currentEnergy: Energy {
        player.energy.regenerated(now: context.now, max: config.maxEnergy(level: player.level), config: config)
    }
}
