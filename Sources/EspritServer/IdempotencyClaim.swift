import EspritGame
import EspritStorage

/// A v2 request's idempotency key on its way to the player's shard: the key with the request
/// it came with, and the command (its time judges the key's retention; its correlation id
/// names an internal error).
///
/// The shard checks and keeps keys in the same turn that commits the change, so a retry
/// racing its first attempt finds the key as soon as the change is made, and waits for the
/// same LSN before its answer leaves.
struct IdempotencyClaim: Sendable {
    var key: CommitKey
    var command: CommandContext
}
