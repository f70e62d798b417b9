import EspritGame

/// One committed change of one player: the state it left, the events that made it, and the
/// journal record that holds them.
public struct Commit: Sendable {
    public var player: PlayerState
    public var events: [GameEvent]
    public var lsn: UInt64
}

/// Sees every change the server commits: leaderboards, achievements and event push are built
/// as observers (DESIGN.md, "The path of one request").
///
/// ``committed(_:)`` runs on the shard's event loop right after the change is journaled (not
/// yet durable: an observer that tells a client must wait for ``Commit/lsn`` as replies do),
/// once per commit, in LSN order for each player. Shards run on several loops at once, so an
/// observer must be safe to call from any of them, and quick: it holds up the shard.
///
/// At start-up, before the server serves anyone, ``recovered(_:lsn:)`` hands it every player
/// as recovered from the checkpoint and the journal, so that it can rebuild what it keeps;
/// every later change then arrives through ``committed(_:)``.
public protocol CommitObserver: Sendable {
    func recovered(_ player: PlayerState, lsn: UInt64)
    func committed(_ commit: Commit)
}
