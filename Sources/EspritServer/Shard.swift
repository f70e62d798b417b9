import EspritGame
import EspritStorage
import NIOCore

/// The only owner of its players' state (DESIGN.md, "The shard actor is the lock").
///
/// Its executor is an event loop: a logged-in connection moves to the same loop and calls it
/// synchronously; other callers (and a connection that could not move) cross through their
/// loop's ``ShardCourier``. It speaks the game's terms only (no protocol): reads and rule
/// outcomes, each with the LSN that must be durable before anything reflecting it may leave.
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
    /// The next record's payload, encoded here before the journal's lock is taken; kept between
    /// commits so that its storage is allocated once.
    private var journalPayload: [UInt8] = []
    /// Where the events' payloads start in ``journalPayload`` (the shared layout's tail, which
    /// a key keeps); nil when the events were encoded in the per-event layout.
    private var payloadsStart: Int?
    private let observers: [any CommitObserver]
    /// How long and how many idempotency keys each player keeps.
    private let retention: KeyRetention
    /// The players someone subscribed to, told of each commit. Not a ``CommitObserver``: an
    /// observer is shown a ``Commit`` of every change, a copy of the whole player, where this
    /// needs only the events of the few players followed.
    private var followers: PlayerFollowers
    /// Sends this loop's subscribers their events; asked for a hand-over of the followed
    /// players' commits before its next send (``handOverPushes()``).
    private let pushFlusher: NIOLoopBound<PushFlusher>

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        loop.executor.asUnownedSerialExecutor()
    }

    /// Runs `work` isolated to this shard, synchronously; the caller is on ``loop`` (it asked
    /// `loop.inEventLoop`, or the loop runs the caller's task). `assumeIsolated` without its
    /// runtime check, which is the same cast after asking the runtime whether the current
    /// executor is the shard's.
    ///
    /// Why: that question asks whether the shard's executor is the main actor's, and the
    /// answer retains and releases the main actor's executor, one object for the whole
    /// process. Every request runs this, on both loops, so both loops wrote that object's
    /// reference count several times a grant, and with the loops on two cores its line moved
    /// between them each time (uprobes on `swift_retain`, bench/RESULTS.md, session 31).
    nonisolated func onLoop<T>(_ work: (isolated Shard) throws -> T) rethrows -> T {
        assert(loop.inEventLoop, "a shard's work runs on its loop")
        return try withoutActuallyEscaping(work) { work in
            try unsafeBitCast(work, to: ((Shard) throws -> T).self)(self)
        }
    }

    /// - Parameter dirty: players that differ from the checkpoint (those replayed from the journal).
    init(
        loop: any EventLoop, journal: Journal, rules: Ruleset, directory: PlayerDirectory, players: [UInt64: CheckpointedPlayer], dirty: Set<UInt64>,
        observers: [any CommitObserver], retention: KeyRetention, followers: PlayerFollowers, pushFlusher: NIOLoopBound<PushFlusher>
    ) {
        self.loop = loop
        self.journal = journal
        self.rules = rules
        self.directory = directory
        self.players = players
        self.ids = Array(players.keys)
        self.dirty = dirty
        self.observers = observers
        self.retention = retention
        self.followers = followers
        self.pushFlusher = pushFlusher
    }

    /// Registers player `playerId`, whose id and `name` the directory claimed for it: runs the
    /// registration rule with the shard's random source and commits it like any other change,
    /// then confirms the claim with the record's LSN, or releases it when nothing was committed.
    func register(
        _ playerId: UInt64, name: String, _ rule: (Ruleset, inout GameRandom) throws(GameError) -> RuleOutcome
    ) -> ShardAnswer<Void> {
        do {
            let outcome = try rule(rules, &random)
            // The rule always records PlayerRegistered, so the record always has an LSN.
            let lsn = try record(outcome) ?? 0
            players[playerId] = CheckpointedPlayer(state: outcome.player, lsn: lsn)
            ids.append(playerId)
            directory.registered(name, lsn: lsn)
            if !observers.isEmpty { show(Commit(player: outcome.player, events: outcome.events, lsn: lsn)) }
            return ShardAnswer(.success(()), lsn: lsn)
        } catch {
            directory.release(name, id: playerId)
            return ShardAnswer(.failure(error), lsn: 0)
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

    /// Drops the idempotency keys of these players that expired at `now` (``ExpiredKeySweep``),
    /// and marks dirty the players that lost any, so that the next checkpoint stores them
    /// without. Returns how many keys left.
    func dropExpiredKeys(of ids: ArraySlice<UInt64>, now: Int64) -> Int {
        var dropped = 0
        for id in ids {
            // Changed in place: reading the player out of the table would copy it.
            guard let index = players.index(forKey: id), !players.values[index].keys.isEmpty else { continue }
            let count = players.values[index].keys.dropExpired(now: now, retention: retention)
            if count > 0 {
                dirty.insert(id)
                dropped += count
            }
        }
        return dropped
    }

    /// Subscribes `deliver` (identified by `id`) to `playerId`'s commits, resuming after
    /// `fromLSN` when the commits kept reach back that far: the kept commits after it go to
    /// `deliver` at once, before any later commit. The answer waits for the player's LSN like a
    /// read.
    func follow(_ playerId: UInt64, fromLSN: UInt64, id: ObjectIdentifier, deliver: @escaping PlayerFollowers.Delivery) -> ShardAnswer<PlayerFollowers.Start> {
        guard let player = players[playerId] else {
            return ShardAnswer(.failure(.notFound(entity: "player", id: "\(playerId)")), lsn: 0)
        }
        let start = followers.subscribe(playerId, playerLSN: player.lsn, fromLSN: fromLSN, id: id, deliver: deliver, now: .now())
        if let backlog = start.backlog { deliver(backlog) }
        return ShardAnswer(.success(start), lsn: player.lsn)
    }

    /// Hands the followed players' waiting commits to their subscribers (``PushFlusher``).
    func handOverPushes() {
        followers.handOver()
    }

    /// Ends the subscription `id` of `playerId`.
    func unfollow(_ playerId: UInt64, id: ObjectIdentifier) {
        followers.unsubscribe(playerId, id: id, now: .now())
    }

    /// Whether `token` is `playerId`'s; a success waits for the player's LSN like a read.
    func login(playerId: UInt64, token: [UInt8]) -> ShardAnswer<Void> {
        guard let player = players[playerId],
            Credentials.constantTimeEquals(Credentials.hash(token), player.state.tokenHash)
        else {
            return ShardAnswer(.failure(.unauthorized), lsn: 0)
        }
        return ShardAnswer(.success(()), lsn: player.lsn)
    }

    /// What `view` makes of the player's state, as of the player's LSN.
    func read<Value>(_ playerId: UInt64, _ view: (PlayerState) -> Value) -> ShardAnswer<Value> {
        guard let player = players[playerId] else {
            return ShardAnswer(.failure(.notFound(entity: "player", id: "\(playerId)")), lsn: 0)
        }
        return ShardAnswer(.success(view(player.state)), lsn: player.lsn)
    }

    /// Runs a game rule (a player's operation, an operator's grant) for the player with the
    /// shard's random source, commits its outcome, and answers with what `answer` makes of the
    /// events. `answer` runs while the player's entry is being changed, so it reads the events
    /// it is given and never calls back into the shard; it reads their payloads only, which is
    /// all a key keeps to answer a retry from.
    ///
    /// With a `claim`, a key the player already committed answers from that commit's events
    /// instead, after its LSN, and runs nothing; the same key with another request is
    /// `keyReused`. A change made under a new key is journaled and kept with it.
    func play<Value>(
        _ playerId: UInt64, _ rule: GameOperations.BoundRule, claim: IdempotencyClaim? = nil, answer: ([GameEvent]) -> Value
    ) -> ShardAnswer<Value> {
        guard let index = players.index(forKey: playerId) else {
            return ShardAnswer(.failure(.notFound(entity: "player", id: "\(playerId)")), lsn: 0)
        }
        let (answer, commit) = change(&players.values[index], rule, claim: claim, answer: answer)
        if let commit { show(commit) }
        return answer
    }

    /// The answer a retried key gets: the first commit's, rebuilt from its events, once its
    /// LSN is durable (it may still be on its way to the disk); or `keyReused` for a key that
    /// came with another request.
    ///
    /// The key kept its events' payloads only (``KeyedCommit``): the events rebuilt carry the
    /// player, the first commit's time and those payloads, and no correlation or causation id.
    /// Answers read their events' payloads alone.
    private func answerAgain<Value>(
        _ earlier: KeyedCommit, of playerId: UInt64, _ claim: IdempotencyClaim, answer: ([GameEvent]) -> Value
    ) -> ShardAnswer<Value> {
        guard earlier.isSameRequest(claim.key.request) else {
            return ShardAnswer(.failure(.keyReused(firstOpcode: earlier.opcode)), lsn: earlier.lsn)
        }
        do {
            let events = try EventCodec.decodePayloads(earlier.payloadBytes).map {
                GameEvent(playerId: playerId, at: earlier.at, correlationId: "", causationId: "", payload: $0)
            }
            return ShardAnswer(.success(answer(events)), lsn: earlier.lsn)
        } catch {
            return ShardAnswer(.failure(.internal(correlationId: claim.command.correlationId)), lsn: 0)
        }
    }

    /// ``play(_:_:claim:answer:)`` on the shard's own entry for the player, changed in place:
    /// reading the player out of the table (even to look up a key) copies it, at a reference
    /// count per collection the player holds, on every request. `answer` reads the outcome
    /// before the entry keeps it. Returns the commit for the observers, who see it once the
    /// entry is no longer being changed (they may read the shard).
    ///
    /// A key is looked up after the rule has run, with its lines asked for before: the rule's
    /// few hundred nanoseconds hide the look-up's missed line (bench/RESULTS.md, session 33).
    /// The rule reads the player and changes nothing but the shard's random source, so a retry
    /// that finds its key only wastes a draw; it answers from its first commit whatever the
    /// rule made of the player's state since.
    private func change<Value>(
        _ player: inout CheckpointedPlayer, _ rule: GameOperations.BoundRule, claim: IdempotencyClaim?, answer: ([GameEvent]) -> Value
    ) -> (ShardAnswer<Value>, Commit?) {
        if let keyHash = claim?.key.keyHash { player.keys.prepare(forKeyHash: keyHash) }
        let pushTarget = followers.target(player.state.id)
        let key = claim?.key
        do {
            var outcome = try rule(player.state, rules, &random)
            if claim != nil, let answered = answerIfKept(claim, in: player.keys, of: player.state.id, answer: answer) { return (answered, nil) }
            pushTarget?.prepareToAppend()
            let value = answer(outcome.events)
            guard let lsn = try record(outcome, key: key) else { return (ShardAnswer(.success(value), lsn: player.lsn), nil) }
            // Swapped, not assigned: the entry takes the outcome's state without a reference
            // count per collection, and the old state leaves with the outcome.
            swap(&player.state, &outcome.player)
            player.lsn = lsn
            if let key {
                let at = outcome.events[0].at
                // A local: a closure that read the shard's property would check at run time
                // that it runs on the shard's executor, and that check retains and releases an
                // object every thread shares (``onLoop(_:)``).
                let retention = retention
                if let payloadsStart {
                    journalPayload.withUnsafeBytes {
                        player.keys.keep(key, lsn: lsn, at: at, payloads: UnsafeRawBufferPointer(rebasing: $0[payloadsStart...]), retention: retention)
                    }
                } else {
                    EventCodec.encodePayloads(outcome.events).withUnsafeBytes { player.keys.keep(key, lsn: lsn, at: at, payloads: $0, retention: retention) }
                }
            }
            if let pushTarget, followers.committed(pushTarget, events: outcome.events, lsn: lsn) {
                pushFlusher.value.handOverSoon { [self] in self.onLoop { $0.handOverPushes() } }
            }
            let commit = observers.isEmpty ? nil : Commit(player: player.state, events: outcome.events, lsn: lsn)
            return (ShardAnswer(.success(value), lsn: lsn), commit)
        } catch {
            if claim != nil, let answered = answerIfKept(claim, in: player.keys, of: player.state.id, answer: answer) { return (answered, nil) }
            return (refusal(error, player), nil)
        }
    }

    /// The first commit's answer when `claim`'s key was committed before and is still kept.
    private func answerIfKept<Value>(
        _ claim: IdempotencyClaim?, in keys: borrowing RetainedKeys, of playerId: UInt64, answer: ([GameEvent]) -> Value
    ) -> ShardAnswer<Value>? {
        guard let claim, let earlier = keys.commit(under: claim.key, now: claim.command.now, retention: retention) else { return nil }
        return answerAgain(earlier, of: playerId, claim, answer: answer)
    }

    /// A rule's refusal reflects the player's state, so it waits for that state's LSN like a
    /// read. A journal that takes no records reveals nothing about the player: that refusal
    /// leaves at once, even while an earlier change of the player waits for a full disk.
    private func refusal<Value>(_ error: GameError, _ player: CheckpointedPlayer) -> ShardAnswer<Value> {
        if case .unavailable = error { return ShardAnswer(.failure(error), lsn: 0) }
        return ShardAnswer(.failure(error), lsn: player.lsn)
    }

    /// The one way a player's state changes, registration included: journals the outcome's
    /// events as one record; the caller then keeps the state the rule computed (visible to the
    /// next command at once) with the LSN returned, which every reply that reflects it waits
    /// for, and shows the commit to the observers. The record is applied in the turn that
    /// journals it, so every LSN the journal has assigned is applied once the shards' loops
    /// move on (what a checkpoint relies on).
    ///
    /// - Returns: the record's LSN; nil when the rule changed nothing (nothing to keep).
    /// - Throws: `unavailable` when the journal takes no more records (the server is stopping,
    ///   or the disk is full): nothing may be kept.
    private func record(_ outcome: RuleOutcome, key: CommitKey? = nil) throws(GameError) -> UInt64? {
        guard !outcome.events.isEmpty else { return nil }
        journalPayload.removeAll(keepingCapacity: true)
        if let key { EventCodec.appendKeyPrefix(key, into: &journalPayload) }
        payloadsStart = EventCodec.encode(outcome.events, into: &journalPayload)
        guard let lsn = journal.append(journalPayload) else {
            throw .unavailable(reason: journal.isOutOfSpace ? "the journal's disk is full; changes resume once space is freed" : "the server is not accepting changes")
        }
        dirty.insert(outcome.player.id)
        return lsn
    }

    /// Shows a kept commit to every observer.
    private func show(_ commit: Commit) {
        for observer in observers {
            observer.committed(commit)
        }
    }
}

/// What a shard answers, in the game's terms: the value or the rule's error, and the LSN that
/// must be durable before anything that reflects it may leave (0 when it reflects nothing
/// journaled). The operation turns it into the protocol's answer.
struct ShardAnswer<Value> {
    var result: Result<Value, GameError>
    var lsn: UInt64

    init(_ result: Result<Value, GameError>, lsn: UInt64) {
        self.result = result
        self.lsn = lsn
    }
}
