/// A change committed under an idempotency key, kept so that a retry gets the first answer
/// again: the key and request, the record's LSN, when it was committed, and its events as
/// the journal encoded them (``EventCodec``), from which the answer is rebuilt.
public struct KeyedCommit: Equatable, Sendable {
    public var key: CommitKey
    public var lsn: UInt64
    /// The command's time, milliseconds since the Unix epoch: retention counts from here.
    public var at: Int64
    /// The record's events, in ``EventCodec``'s layout.
    public var events: [UInt8]

    /// What an emptied slot of ``RetainedKeys`` holds: no storage of its own.
    static let empty = KeyedCommit(key: CommitKey(key: [], request: []), lsn: 0, at: 0, events: [])

    public init(key: CommitKey, lsn: UInt64, at: Int64, events: [UInt8]) {
        self.key = key
        self.lsn = lsn
        self.at = at
        self.events = events
    }
}
