import EspritGame
import EspritProtocol
import EspritStorage
import NIOCore

/// The only owner of its players' state (DESIGN.md, "The shard actor is the lock").
///
/// Its executor is an event loop, so a connection on the same loop calls it synchronously
/// (``ShardRouter``) and one on another loop pays a single `execute` hop. Every method runs a
/// rule, journals the events, applies them, and returns the reply together with the LSN that must
/// be durable before the reply may leave.
actor Shard {
    let loop: any EventLoop
    private let journal: Journal
    private let rules: Ruleset
    private var players: [UInt64: CheckpointedPlayer]
    /// Players changed since the checkpointer last took them: the next checkpoint writes these.
    private var dirty: Set<UInt64> = []
    /// Every player id, in the order the players arrived: handed out whole (copy on write, so
    /// O(1) on this loop) when an export needs them all.
    private var ids: [UInt64]
    private let directory: PlayerDirectory
    /// The rules' random source: fast, and unpredictable to players (``GameRandom``).
    private var random = GameRandom()
    private let observers: [any CommitObserver]

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        loop.executor.asUnownedSerialExecutor()
    }

    /// - Parameter dirty: players that differ from the checkpoint (those replayed from the journal).
    init(
        loop: any EventLoop, journal: Journal, rules: Ruleset, directory: PlayerDirectory, players: [UInt64: CheckpointedPlayer], dirty: Set<UInt64>,
        observers: [any CommitObserver]
    ) {
        self.loop = loop
        self.journal = journal
        self.rules = rules
        self.directory = directory
        self.players = players
        self.ids = Array(players.keys)
        self.dirty = dirty
        self.observers = observers
    }

    /// Takes ownership of a player the directory just registered (and journaled).
    func install(_ registration: Commit) {
        players[registration.player.id] = CheckpointedPlayer(state: registration.player, lsn: registration.lsn)
        ids.append(registration.player.id)
        dirty.insert(registration.player.id)
        directory.installed(lsn: registration.lsn)
        for observer in observers {
            observer.committed(registration)
        }
    }

    /// Hands every player of this shard to `observer`, as ``CommitObserver/recovered(_:lsn:)``.
    func showRecoveredPlayers(to observer: any CommitObserver) {
        for player in players.values {
            observer.recovered(player.state, lsn: player.lsn)
        }
    }

    /// The ids of the players changed since the last call; they count as clean from now on.
    /// The set is handed over, not copied: O(1) however many players changed.
    func takeDirty() -> Set<UInt64> {
        defer { dirty = [] }
        return dirty
    }

    /// Marks players dirty again after a checkpoint that took them failed.
    func markDirty(_ ids: [UInt64]) {
        dirty.formUnion(ids.filter { players[$0] != nil })
    }

    /// The ids of every player on this shard.
    func playerIds() -> [UInt64] {
        ids
    }

    /// Copies of these players, each with the LSN it reflects (value types: the copy is
    /// consistent and costs reference counts, not bytes). The checkpointer asks in chunks, so
    /// the shard's loop is never held for long.
    func copy(_ ids: ArraySlice<UInt64>) -> [CheckpointedPlayer] {
        ids.compactMap { players[$0] }
    }

    func login(playerId: UInt64, token: [UInt8]) -> ShardReply {
        guard let player = players[playerId],
            Credentials.constantTimeEquals(Credentials.hash(token), player.state.tokenHash)
        else {
            return ShardReply(.failure(.unauthorized), lsn: 0)
        }
        return ShardReply(.success(.login(LoginResponse(playerId: playerId))), lsn: player.lsn)
    }

    func profile(playerId: UInt64, now: Int64) -> ShardReply {
        read(playerId) { .getProfile(PlayerReads.profile($0, now: now, rules: rules)) }
    }

    func collection(playerId: UInt64) -> ShardReply {
        read(playerId) { .getCollection(PlayerReads.collection($0, rules: rules)) }
    }

    /// Runs a game rule for the player with the server's random source, commits its outcome,
    /// and answers with its events.
    func play(playerId: UInt64, opcode: Opcode, _ rule: GameOperations.BoundRule) -> ShardReply {
        guard let player = players[playerId] else {
            return ShardReply(.failure(.notFound(entity: "player", id: "\(playerId)")), lsn: 0)
        }
        do {
            let outcome = try rule(player.state, rules, &random)
            let lsn = try commit(outcome, replacing: player)
            return ShardReply(.success(.events(opcode, EventsResponse(events: outcome.events.map(\.wireEvent)))), lsn: lsn)
        } catch {
            return refusal(error, player)
        }
    }

    private func read(_ playerId: UInt64, _ response: (PlayerState) -> Response) -> ShardReply {
        guard let player = players[playerId] else {
            return ShardReply(.failure(.notFound(entity: "player", id: "\(playerId)")), lsn: 0)
        }
        return ShardReply(.success(response(player.state)), lsn: player.lsn)
    }

    func grant(playerId: UInt64, currency: Currency, amount: Int64, context: CommandContext) -> ShardReply {
        guard let player = players[playerId] else {
            return ShardReply(.failure(.notFound(entity: "player", id: "\(playerId)")), lsn: 0)
        }
        do {
            let outcome = try GrantRule.run(player: player.state, currency: currency, amount: amount, context: context, rules: rules)
            let lsn = try commit(outcome, replacing: player)
            let response = AdminGrantResponse(playerId: playerId, currency: currency.rawValue, balance: outcome.player.balances[currency])
            return ShardReply(.success(.adminGrant(response)), lsn: lsn)
        } catch {
            return refusal(error, player)
        }
    }

    /// A rule's refusal reflects the player's state, so it waits for that state's LSN like a
    /// read. A journal that takes no records reveals nothing about the player: that refusal
    /// leaves at once, even while an earlier change of the player waits for a full disk.
    private func refusal(_ error: GameError, _ player: CheckpointedPlayer) -> ShardReply {
        if case .unavailable = error { return ShardReply(.failure(error), lsn: 0) }
        return ShardReply(.failure(error), lsn: player.lsn)
    }

    /// The one way a player's state changes after registration: journals the outcome's events
    /// as one record, keeps the state the rule computed (visible to the next command at once),
    /// and shows the commit to the observers. Every reply that reflects it waits for the LSN
    /// returned.
    ///
    /// - Returns: the record's LSN; the player's LSN, unchanged, when the rule changed nothing.
    /// - Throws: `unavailable` when the journal takes no more records (the server is stopping,
    ///   or the disk is full): nothing is kept.
    private func commit(_ outcome: RuleOutcome, replacing player: CheckpointedPlayer) throws(GameError) -> UInt64 {
        guard !outcome.events.isEmpty else { return player.lsn }
        guard let lsn = journal.append({ EventCodec.encode(outcome.events, into: &$0) }) else {
            throw .unavailable(reason: journal.isOutOfSpace ? "the journal's disk is full; changes resume once space is freed" : "the server is not accepting changes")
        }
        players[outcome.player.id] = CheckpointedPlayer(state: outcome.player, lsn: lsn)
        dirty.insert(outcome.player.id)
        if !observers.isEmpty {
            let commit = Commit(player: outcome.player, events: outcome.events, lsn: lsn)
            for observer in observers {
                observer.committed(commit)
            }
        }
        return lsn
    }
}

/// What a shard answers: the response or the rule's error, and the LSN that must be durable
/// before the answer may be sent (0 when it reflects nothing journaled).
struct ShardReply: Sendable {
    var result: Result<Response, GameError>
    var lsn: UInt64

    init(_ result: Result<Response, GameError>, lsn: UInt64) {
        self.result = result
        self.lsn = lsn
    }
}
