import EspritProtocol
import EspritStorage
import NIOCore

/// Everything `esprit-server` can be told at start-up, with the defaults of the issue and
/// DESIGN.md.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 asks the kernel for an ephemeral port (tests); ``EspritServer/localPort`` says which.
    public var port: Int = 7777
    public var dataDirectory: String = "./data"
    /// Players live on shard `id % shardCount`.
    public var shardCount: Int = System.coreCount
    /// Event-loop threads; shards are spread over them, and each connection is served on one.
    /// Fewer than the cores can serve better where the server shares its cores with other work
    /// (bench/RESULTS.md, "A new machine"). A single loop writes and syncs the journal itself
    /// (``EspritStorage/JournalConfiguration/callersCommit``); several share a writer thread.
    public var eventLoopThreads: Int = System.coreCount
    public var durability: Durability = .fsync
    public var forceRecovery = false
    /// The key `ADMIN_LOGIN` must present; nil refuses every admin operation.
    public var adminKey: String?
    public var maxFrameBytes: Int = FrameDecoder.defaultMaxFrameBytes
    /// A connection with this many requests unanswered is not read from until some are answered:
    /// a client that pipelines without reading cannot make the server buffer without bound.
    public var maxRequestsInFlight = 1024
    /// What one connection, and a stranger who opens many, may cost.
    public var limits = ConnectionLimits()
    /// How many requests one player may make, per class (``PlayerRateLimits``).
    public var playerRateLimits = PlayerRateLimits()
    /// How long and how many idempotency keys each player keeps (GAME.md: 24 h, 1 024).
    public var keyRetention = KeyRetention.default
    /// What subscriptions keep for a resume (``PushSettings``).
    public var push = PushSettings()
    public var journalSegmentBytes: Int = 64 << 20
    /// How long the journal may gather a batch before it syncs (``JournalConfiguration/groupCommitWindow``).
    public var groupCommitWindow: Duration = .milliseconds(1)
    /// For failure tests: the errno the journal's file system should answer (see
    /// ``JournalConfiguration/injectedFault``). Nil in production.
    public var injectedJournalFault: (@Sendable (JournalFault) -> Int32?)?
    /// The checkpointer runs this long after the previous checkpoint...
    public var checkpointInterval: Duration = .seconds(60)
    /// ...or as soon as this many journal bytes were written since it began, whichever comes
    /// first.
    public var checkpointJournalBytes: Int = 256 << 20
    /// The scheduled exporter writes a snapshot this often; nil turns it off.
    public var snapshotInterval: Duration? = .seconds(6 * 3_600)
    /// How many scheduled snapshots to keep.
    public var snapshotKeep = 4
    /// Where scheduled snapshots go; nil means `snapshots` inside the data directory.
    public var snapshotDirectoryOverride: String?
    /// Where `ADMIN_BACKUP` writes; nil means `backups` inside the data directory.
    public var backupDirectoryOverride: String?

    public init() {}

    /// The journal's folder inside the data directory.
    public var journalDirectory: String { dataDirectory + "/journal" }

    /// The scheduled exporter's folder, where `ADMIN_EXPORT` writes its named snapshots too.
    public var snapshotDirectory: String { snapshotDirectoryOverride ?? dataDirectory + "/snapshots" }

    /// The folder `ADMIN_BACKUP` writes its named backups into.
    public var backupDirectory: String { backupDirectoryOverride ?? dataDirectory + "/backups" }

    /// The LMDB checkpoint's folder inside the data directory.
    public var checkpointDirectory: String { dataDirectory + "/lmdb" }
}
