import EspritGame
import EspritStorage

/// Rebuilds every player from the checkpoint and the journal at start-up, by the same `apply` the
/// live path uses.
///
/// Each checkpointed player carries the LSN it reflects; a journal record at or below it is
/// already in the player and is skipped, so checkpoints copied player by player at different
/// moments never apply a record twice. An export uses the same rule to bring a fuzzy copy of
/// the live players to one LSN.
struct ServerRecovery {
    private(set) var players: [UInt64: CheckpointedPlayer] = [:]
    let directory = PlayerDirectory()
    private(set) var records = 0
    /// Each checkpointed player's LSN: records at or below it are already in the player.
    private var checkpointedLSNs: [UInt64: UInt64] = [:]
    /// Players the journal changed after their checkpointed LSN: the first checkpoint writes them.
    private(set) var changed: Set<UInt64> = []
    /// Under `--force-recovery` a skipped registration leaves later events without their
    /// player: those are dropped and counted instead of stopping start-up.
    let forceRecovery: Bool
    private(set) var orphanedEvents = 0
    /// The latest time any recovered player or event refers to: the server's clock starts here
    /// at the earliest (``WallClock/neverBackward(_:floor:)``).
    private(set) var latestTime: Int64 = 0
    /// The keys a keyed record adds are kept as the live shard keeps them.
    let retention: KeyRetention

    init(forceRecovery: Bool, retention: KeyRetention = .default) {
        self.forceRecovery = forceRecovery
        self.retention = retention
    }

    /// Starts from checkpointed players, each as of its own LSN.
    ///
    /// - Parameter registersNames: false when no directory is needed (an export), which saves
    ///   a name-map entry per player.
    mutating func restore(checkpoint players: [CheckpointedPlayer], registersNames: Bool = true) {
        self.players.reserveCapacity(players.count)
        checkpointedLSNs.reserveCapacity(players.count)
        for player in players {
            latestTime = max(latestTime, player.state.latestTime)
            self.players[player.state.id] = player
            checkpointedLSNs[player.state.id] = player.lsn
            if registersNames {
                directory.restore(id: player.state.id, name: player.state.name, lsn: player.lsn)
            }
        }
    }

    /// Applies one journal record. A record that names a player no earlier record created means
    /// the journal and the code disagree: recovery stops rather than guess.
    mutating func replay(lsn: UInt64, payload: ArraySlice<UInt8>) throws {
        let (key, eventBytes) = try EventCodec.splitKey(payload)
        let events = try EventCodec.decode(eventBytes)
        for event in events {
            latestTime = max(latestTime, event.at)
            if let checkpointed = checkpointedLSNs[event.playerId], lsn <= checkpointed { continue }
            if case let .playerRegistered(registered) = event.payload {
                guard players[event.playerId] == nil else {
                    throw ReplayError(lsn: lsn, reason: "player \(event.playerId) registered twice")
                }
                players[event.playerId] = CheckpointedPlayer(state: PlayerState(id: event.playerId, registered: registered, at: event.at), lsn: lsn)
                directory.restore(id: event.playerId, name: registered.name, lsn: lsn)
            } else {
                // Found by index and changed in place: `players[id] != nil` copies the player
                // out to compare it, a reference count per collection it holds, per event.
                guard let index = players.index(forKey: event.playerId) else {
                    if forceRecovery {
                        orphanedEvents += 1
                        continue
                    }
                    throw ReplayError(lsn: lsn, reason: "\(event.name) for unknown player \(event.playerId)")
                }
                players.values[index].state.apply(event)
                players.values[index].lsn = lsn
            }
        }
        if let key, let first = events.first, checkpointedLSNs[first.playerId].map({ lsn > $0 }) ?? true,
            let index = players.index(forKey: first.playerId)
        {
            try EventCodec.payloads(of: eventBytes).withUnsafeBytes {
                players.values[index].keys.keep(key, lsn: lsn, at: first.at, payloads: $0, retention: retention)
            }
        }
        records += 1
        for event in events { changed.insert(event.playerId) }
    }

    /// The players of shard `index` out of `count`.
    func players(ofShard index: Int, count: Int) -> [UInt64: CheckpointedPlayer] {
        players.filter { Int($0.key % UInt64(count)) == index }
    }

    /// The changed players of shard `index` out of `count`.
    func changed(ofShard index: Int, count: Int) -> Set<UInt64> {
        changed.filter { Int($0 % UInt64(count)) == index }
    }
}

struct ReplayError: Error, CustomStringConvertible {
    var lsn: UInt64
    var reason: String

    var description: String { "record \(lsn): \(reason)" }
}
