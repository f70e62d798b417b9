import EspritStorage

/// Drops the idempotency keys that expired from every player of the shards, at the start of a
/// checkpoint (at most once per ``Checkpointer/sweepInterval``). A player's keyed change drops its own expired keys, so without this a
/// player who made keyed changes and then stopped would keep its keys, in memory and in every
/// checkpoint, until its next keyed change: up to the bound (1 024 keys, about 115 KB) for
/// each such player, held past the retention that GAME.md promises.
///
/// The players are looked at in chunks of ``PlayerCopier/chunkSize``, one turn of the shard's
/// loop each, like a checkpoint's copy; a player whose oldest key has not expired costs one
/// look-up.
enum ExpiredKeySweep {
    /// How many keys left, and the longest single turn a shard's loop spent on it.
    struct Outcome: Sendable {
        var keys = 0
        var longestStall = LoopStall()
    }

    static func run(on shards: [Shard], now: Int64) async throws -> Outcome {
        var outcome = Outcome()
        for shard in shards {
            let (ids, listing) = try await PlayerCopier.onLoop(of: shard) { $0.playerIds() }
            outcome.longestStall = max(outcome.longestStall, listing)
            var start = 0
            while start < ids.count {
                let chunk = ids[start..<min(start + PlayerCopier.chunkSize, ids.count)]
                let (keys, stall) = try await PlayerCopier.onLoop(of: shard) { $0.dropExpiredKeys(of: chunk, now: now) }
                outcome.keys += keys
                outcome.longestStall = max(outcome.longestStall, stall)
                start += PlayerCopier.chunkSize
            }
        }
        return outcome
    }
}
