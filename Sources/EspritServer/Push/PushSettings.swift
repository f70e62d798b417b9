import NIOCore

/// What the server keeps for resuming subscriptions (protocol/README.md, "Server push").
public struct PushSettings: Sendable, Equatable {
    /// Commits kept per followed player for a resume; an older LSN is told to reload.
    public var historyCommits = 64
    /// How long a player's kept commits outlive its last subscriber, for a client to reconnect
    /// and resume.
    public var resumeWindow: TimeAmount = .minutes(10)

    public init() {}
}
