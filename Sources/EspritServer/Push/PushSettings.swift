import NIOCore

/// What the server keeps for resuming subscriptions (protocol/README.md, "Server push").
public struct PushSettings: Sendable, Equatable {
    /// Commits kept per followed player for a resume; an older LSN is told to reload. Also
    /// the most of a player's commits that wait for their loop's flush to be handed to its
    /// subscribers together (at least one).
    public var historyCommits = 64
    /// How long a player's kept commits outlive its last subscriber, for a client to reconnect
    /// and resume.
    public var resumeWindow: TimeAmount = .minutes(10)
    /// How often each loop sends its subscribers the events that became durable
    /// (``PushFlusher``): a send per commit of a busy player cost more than the commit
    /// (bench/RESULTS.md). At least a millisecond.
    public var flushDelay: TimeAmount = .milliseconds(20)

    public init() {}
}
