/// How a ``Journal`` is opened.
public struct JournalConfiguration: Sendable {
    /// The folder that holds the segment files.
    public var directory: String
    public var durability: Durability
    /// A new segment starts once the current one has grown past this many bytes.
    public var segmentBytes: Int
    /// Skip damaged records and missing segments at start-up instead of refusing to start.
    public var forceRecovery: Bool

    public init(directory: String, durability: Durability = .fsync, segmentBytes: Int = 64 << 20, forceRecovery: Bool = false) {
        self.directory = directory
        self.durability = durability
        self.segmentBytes = segmentBytes
        self.forceRecovery = forceRecovery
    }
}
