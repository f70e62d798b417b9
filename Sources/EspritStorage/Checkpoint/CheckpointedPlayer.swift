import EspritGame

/// A player and the LSN of the last journal record it reflects: how a shard holds it (a reply
/// that shows the state waits for that LSN) and how a checkpoint stores it. Start-up replays
/// only the records after that LSN for this player, so a checkpoint may copy players at
/// different moments and still never apply a record twice.
///
/// `keys` are the player's idempotency keys as of the same LSN: they travel with the state, so
/// a checkpoint stores both as of one moment and a replay adds the keys of later records.
public struct CheckpointedPlayer: Equatable, Sendable {
    public var state: PlayerState
    public var lsn: UInt64
    public var keys: RetainedKeys

    public init(state: PlayerState, lsn: UInt64, keys: RetainedKeys = RetainedKeys()) {
        self.state = state
        self.lsn = lsn
        self.keys = keys
    }
}
