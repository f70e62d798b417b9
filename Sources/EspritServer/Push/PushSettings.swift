import NIOCore

/// What the server keeps for resuming subscriptions (protocol/README.md, "Server push").
public struct PushSettings: Sendable, Equatable {
    /// Commits kept per followed player for a resume; an older LSN is told to reload.
    public var historyCommits = 64
    /// How long a player's kept commits outlive its last subscriber, for a client to reconnect
    /// and resume.
    public var resumeWindow: TimeAmount = .minutes(10)
    /// How long a pushed event may wait to be sent with the next ones: a send per commit of a
    /// busy player cost more than the commit (bench/RESULTS.md). Zero sends each at once.
    public var flushDelay: TimeAmount = .milliseconds(5)

    public init() {}
}
