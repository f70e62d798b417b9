import NIOCore

/// Commits of one player handed to a subscriber together: their `EVENT` frames back to back,
/// oldest first, and each commit's LSN and frames' size in the same order, so that the
/// subscriber sends each commit whole once the journal made it durable (``PushQueue``).
///
/// A shard hands its subscribers a player's commits in batches, at each flush of their loop
/// or when the player's history is full, rather than one call per commit: under load a
/// subscriber gets a commit per request, and a call, a queue entry and three reference counts
/// per commit cost push most of what it cost the shard (bench/RESULTS.md). A batch holds its
/// bytes in storage of its own, copied out of the history, so it may cross to another loop.
struct PushBatch: Sendable {
    var frames: ByteBuffer
    var commits: ArraySlice<(lsn: UInt64, bytes: Int)>

    /// The newest commit's LSN.
    var lastLSN: UInt64 { commits.last?.lsn ?? 0 }
}
