import EspritGame
import EspritStorage
import Synchronization

/// The one piece of state that spans shards: which names are taken and which id comes next.
///
/// Registration journals its events while holding this lock, so records of registrations appear
/// in the journal in id order: a crash can only drop the newest ids, never leave a hole in the
/// sequence.
final class PlayerDirectory: Sendable {
    private struct State {
        var idsByName: [String: UInt64] = [:]
        var nextId: UInt64 = 1
    }

    private let state = Mutex(State())

    /// Records a player rebuilt from the journal.
    func restore(id: UInt64, name: String) {
        state.withLock { state in
            state.idsByName[PlayerName.uniquenessKey(name)] = id
            state.nextId = max(state.nextId, id + 1)
        }
    }

    var playerCount: Int {
        state.withLock { $0.idsByName.count }
    }

    /// Allocates an id, runs the registration rule and journals its events, atomically.
    ///
    /// - Returns: the new player's state and the LSN of its registration record.
    /// - Throws: the rule's validation errors, or `validation(name, already taken)`.
    func register(
        name: String, tokenHash: [UInt8], context: CommandContext, config: GameConfig, journal: Journal
    ) throws(GameError) -> (player: PlayerState, lsn: UInt64) {
        try state.withLock { (state) throws(GameError) in
            let key = PlayerName.uniquenessKey(name)
            let id = state.nextId
            let events = try RegisterRule.events(playerId: id, name: name, tokenHash: tokenHash, context: context, config: config)
            guard state.idsByName[key] == nil else {
                throw .validation(field: "name", reason: "\(name) is already taken")
            }
            let player = PlayerState(replaying: events)
            let lsn = journal.append { EventCodec.encode(events, into: &$0) }
            state.idsByName[key] = id
            state.nextId = id + 1
            return (player, lsn)
        }
    }
}
