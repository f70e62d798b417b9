import EspritGame

/// A player as a checkpoint holds it: the state and the LSN of the last journal record it
/// reflects. Start-up replays only the records after that LSN for this player, so a checkpoint
/// may copy players at different moments and still never apply a record twice.
public struct CheckpointedPlayer: Equatable, Sendable {
    public var state: PlayerState
    public var lsn: UInt64

    public init(state: PlayerState, lsn: UInt64) {
        self.state = state
        self.lsn = lsn
    }
}
