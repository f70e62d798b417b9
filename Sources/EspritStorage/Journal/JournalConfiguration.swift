/// How a ``Journal`` is opened.
public struct JournalConfiguration: Sendable {
    /// The folder that holds the segment files.
    public var directory: String
    public var durability: Durability
    /// A new segment starts once the current one has grown past this many bytes.
    public var segmentBytes: Int
    /// Skip damaged records and missing segments at start-up instead of refusing to start.
    public var forceRecovery: Bool
    /// The first wait before retrying a write the full disk refused; it doubles up to 1 s.
    public var diskFullRetryDelay: Duration = .milliseconds(10)
    /// Group commit: how long the writer may wait, once a record is pending, for as many
    /// records as its last batch held before it writes and syncs; it does not wait when that
    /// batch held no more records than there are clients waiting for an answer (see
    /// ``Journal/clientBeganWaiting()``). Under pipelined load every sync then covers every
    /// client that has answered its last reply, so the syncs, the wake-ups and the socket
    /// writes per request fall; a lone client (a last batch of one) never waits. Zero commits
    /// as soon as a record is pending.
    public var groupCommitWindow: Duration = .milliseconds(1)
    /// Whether the thread that appends records commits them (``Journal/commit(through:)``)
    /// instead of the journal's writer thread, which then only retries batches a full disk
    /// refused and writes what is left at close. Saves the wake-ups between the appending
    /// thread and the writer. The price: the appending thread waits out every sync, and the
    /// work that follows some commits (a megabyte of zeros written and synced ahead of the
    /// batches about every half megabyte of records, and a new segment when one is full). The
    /// server sets it when it runs one event loop (bench/RESULTS.md, "One loop commits for
    /// itself"); ignored without durability, where nothing waits for a commit.
    public var callersCommit = false
    /// For failure tests: the errno the file system should answer at a point, or nil to let the
    /// real call run. Nil in production.
    public var injectedFault: (@Sendable (JournalFault) -> Int32?)?

    public init(directory: String, durability: Durability = .fsync, segmentBytes: Int = 64 << 20, forceRecovery: Bool = false) {
        self.directory = directory
        self.durability = durability
        self.segmentBytes = segmentBytes
        self.forceRecovery = forceRecovery
    }
}
