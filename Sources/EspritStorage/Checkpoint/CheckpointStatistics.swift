/// What `esprit-server inspect` shows of a checkpoint: its LSN, the environment and each database.
public struct CheckpointStatistics: Sendable {
    public var lsn: UInt64
    public var mapSize: Int
    public var lastPage: Int
    public var lastTransaction: Int
    /// By database name: `players`, `ledger`, `meta`.
    public var databases: [(name: String, statistics: LMDBStatistics)]
}
