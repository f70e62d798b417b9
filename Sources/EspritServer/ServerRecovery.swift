import EspritGame
import EspritStorage

/// Rebuilds every player from the journal at start-up, by the same `apply` the live path uses.
struct ServerRecovery {
    private(set) var players: [UInt64: ShardPlayer] = [:]
    let directory = PlayerDirectory()
    private(set) var records = 0
    /// Under `--force-recovery` a skipped registration leaves later events without their
    /// player: those are dropped and counted instead of stopping start-up.
    let forceRecovery: Bool
    private(set) var orphanedEvents = 0

    init(forceRecovery: Bool) {
        self.forceRecovery = forceRecovery
    }

    /// Starts from the checkpoint's players, all as of its LSN.
    mutating func restore(checkpoint players: [PlayerState], lsn: UInt64) {
        for player in players {
            self.players[player.id] = ShardPlayer(state: player, lastLSN: lsn)
            directory.restore(id: player.id, name: player.name, lsn: lsn)
        }
    }

    /// Applies one journal record. A record that names a player no earlier record created means
    /// the journal and the code disagree: recovery stops rather than guess.
    mutating func replay(lsn: UInt64, payload: [UInt8]) throws {
        let events = try EventCodec.decode(payload)
        for event in events {
            if case let .playerRegistered(registered) = event.payload {
                guard players[event.playerId] == nil else {
                    throw ReplayError(lsn: lsn, reason: "player \(event.playerId) registered twice")
                }
                players[event.playerId] = ShardPlayer(state: PlayerState(id: event.playerId, registered: registered, at: event.at), lastLSN: lsn)
                directory.restore(id: event.playerId, name: registered.name, lsn: lsn)
            } else {
                guard players[event.playerId] != nil else {
                    if forceRecovery {
                        orphanedEvents += 1
                        continue
                    }
                    throw ReplayError(lsn: lsn, reason: "\(event.name) for unknown player \(event.playerId)")
                }
                players[event.playerId]!.state.apply(event)
                players[event.playerId]!.lastLSN = lsn
            }
        }
        records += 1
    }

    /// The players of shard `index` out of `count`.
    func players(ofShard index: Int, count: Int) -> [UInt64: ShardPlayer] {
        players.filter { Int($0.key % UInt64(count)) == index }
    }
}

struct ReplayError: Error, CustomStringConvertible {
    var lsn: UInt64
    var reason: String

    var description: String { "record \(lsn): \(reason)" }
}
