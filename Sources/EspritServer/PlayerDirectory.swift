import EspritGame
import EspritStorage
import Synchronization

/// The one piece of state that spans shards: which names are taken and which id comes next.
///
/// Registration journals its events while holding this lock, so records of registrations appear
/// in the journal in id order: a crash can only drop the newest ids, never leave a hole in the
/// sequence. The registration rule's random draws (the starter Esprits) happen under it too.
final class PlayerDirectory: Sendable {
    private struct State {
        /// Each taken name, with the LSN of its registration: a refusal because of the name
        /// reveals the registration, so it waits for that LSN like any read.
        var names: [String: (id: UInt64, lsn: UInt64)] = [:]
        var nextId: UInt64 = 1
        /// LSNs of registrations journaled but not yet installed on their shard.
        var uninstalled: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// Records a player rebuilt from the journal.
    func restore(id: UInt64, name: String, lsn: UInt64) {
        state.withLock { state in
            state.names[PlayerName.uniquenessKey(name)] = (id, lsn)
            state.nextId = max(state.nextId, id + 1)
        }
    }

    /// Whether `id` was ever given to a player.
    func exists(_ id: UInt64) -> Bool {
        state.withLock { id >= 1 && id < $0.nextId }
    }

    /// The shard has installed the player registered at `lsn`.
    func installed(lsn: UInt64) {
        _ = state.withLock { $0.uninstalled.remove(lsn) }
    }

    /// The highest LSN such that every record up to it is already applied on its shard, so a
    /// copy of the shards taken after this call reflects all of them.
    ///
    /// A shard applies its own records in the same turn that journals them, so only
    /// registrations lag: journaled here, installed by a later hop to their shard. Reading the
    /// journal's position under this lock orders it with every registration.
    func appliedLSN(journal: Journal) -> UInt64 {
        state.withLock { state in
            let last = journal.lastAssignedLSN
            guard let oldestPending = state.uninstalled.min() else { return last }
            return min(last, oldestPending - 1)
        }
    }

    /// What a registration attempt came to, and the LSN its answer must wait for.
    enum Outcome {
        /// Journaled: the shard installs it.
        case registered(Commit)
        case refused(GameError, lsn: UInt64)
    }

    /// Allocates an id, runs the registration rule and journals its events, atomically: the
    /// commit of a new player. It happens here, not on the player's shard, because the name and
    /// the id are the one state that spans shards; the shard then installs the state the rule
    /// computed (``Shard/install(_:)``), as it keeps the state of every other rule.
    func register(
        name: String, tokenHash: [UInt8], context: CommandContext, rules: Ruleset, journal: Journal,
        random: inout some RandomNumberGenerator
    ) -> Outcome {
        state.withLock { state in
            let key = PlayerName.uniquenessKey(name)
            let id = state.nextId
            let outcome: RuleOutcome
            do throws(GameError) {
                outcome = try RegisterRule.run(playerId: id, name: name, tokenHash: tokenHash, context: context, rules: rules, random: &random)
            } catch {
                return .refused(error, lsn: 0)
            }
            if let taken = state.names[key] {
                return .refused(.validation(field: "name", reason: "\(name) is already taken"), lsn: taken.lsn)
            }
            guard let lsn = journal.append({ EventCodec.encode(outcome.events, into: &$0) }) else {
                return .refused(.unavailable(reason: "the server is not accepting changes"), lsn: 0)
            }
            state.names[key] = (id, lsn)
            state.nextId = id + 1
            state.uninstalled.insert(lsn)
            return .registered(Commit(player: outcome.player, events: outcome.events, lsn: lsn))
        }
    }
}
