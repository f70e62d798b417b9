import EspritGame
import Synchronization

/// The one piece of state that spans shards: which names are taken and which id comes next.
///
/// A registration claims its name and id here, then commits on the new player's shard like any
/// other change (``Shard/register(_:name:_:)``), which confirms the claim with the record's LSN
/// or releases it. The lock is held for a dictionary lookup, never across the journal.
final class PlayerDirectory: Sendable {
    /// Where a name stands.
    private enum NameState {
        /// Claimed by a registration that has not committed yet.
        case claimed
        /// Registered by the record at `lsn`: a refusal because of the name reveals the
        /// registration, so it waits for that LSN like any read.
        case registered(lsn: UInt64)
    }

    private struct State {
        var names: [String: NameState] = [:]
        var nextId: UInt64 = 1
        /// Ids given out whose registration did not commit (the journal refused it), and ids
        /// below `nextId` that recovery found no player for: a crash kept a later
        /// registration on another shard but not this one, which nobody was told about.
        var unused: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// What a claim on a name came to.
    enum Claim: Equatable {
        /// The name is this registration's until it commits or is released, under `id`.
        case claimed(id: UInt64)
        /// Another player has the name, registered at `lsn`.
        case taken(lsn: UInt64)
        /// Another registration holds a claim on it and has not committed yet: ask again.
        case contended
    }

    /// Claims `name` (compared ignoring case) and the next id for a new player.
    func claim(_ name: String) -> Claim {
        let key = PlayerName.uniquenessKey(name)
        return state.withLock { state in
            switch state.names[key] {
            case .claimed: return .contended
            case let .registered(lsn): return .taken(lsn: lsn)
            case nil:
                let id = state.nextId
                state.nextId += 1
                state.names[key] = .claimed
                return .claimed(id: id)
            }
        }
    }

    /// The registration that claimed `name` committed at `lsn`.
    func registered(_ name: String, lsn: UInt64) {
        state.withLock { $0.names[PlayerName.uniquenessKey(name)] = .registered(lsn: lsn) }
    }

    /// The registration of `id` under `name` did not commit: the name is free again. The id is
    /// given out again when no later one is out yet, and skipped otherwise.
    func release(_ name: String, id: UInt64) {
        state.withLock { state in
            state.names[PlayerName.uniquenessKey(name)] = nil
            if state.nextId == id + 1 {
                state.nextId = id
            } else {
                state.unused.insert(id)
            }
        }
    }

    /// Records a player rebuilt from the journal or the checkpoint.
    func restore(id: UInt64, name: String, lsn: UInt64) {
        state.withLock { state in
            state.names[PlayerName.uniquenessKey(name)] = .registered(lsn: lsn)
            state.nextId = max(state.nextId, id + 1)
        }
    }

    /// After recovery, given how many players it found and which ids they have: notes the ids
    /// below the next one that no recovered player has.
    func recoveryFinished(playerCount: Int, hasPlayer: (UInt64) -> Bool) {
        state.withLock { state in
            guard playerCount < Int(state.nextId - 1) else { return }
            for id in 1..<state.nextId where !hasPlayer(id) {
                state.unused.insert(id)
            }
        }
    }

    /// Whether `id` belongs to a player (registered, or registering now).
    func exists(_ id: UInt64) -> Bool {
        state.withLock { id >= 1 && id < $0.nextId && !$0.unused.contains(id) }
    }
}
