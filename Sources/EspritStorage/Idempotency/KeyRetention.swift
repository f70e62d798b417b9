/// How long and how many idempotency keys each player keeps (GAME.md: 24 h, at most 1 024 per
/// player, oldest dropped first). A retry after either bound is a new request.
public struct KeyRetention: Equatable, Sendable {
    /// Milliseconds a key is kept after its commit.
    public var milliseconds: Int64
    /// Keys kept per player; past it, the oldest goes.
    public var perPlayer: Int

    public static let `default` = KeyRetention(milliseconds: 24 * 3_600_000, perPlayer: 1_024)

    public init(milliseconds: Int64, perPlayer: Int) {
        self.milliseconds = milliseconds
        self.perPlayer = perPlayer
    }
}
