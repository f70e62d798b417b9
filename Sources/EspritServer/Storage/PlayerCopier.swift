import EspritStorage
import NIOCore

/// Copies players out of the shards for a checkpoint or an export without holding any shard's
/// loop for long: the ids are taken in one turn, the players copied in chunks of
/// ``chunkSize``, each chunk one turn of the shard's loop.
///
/// Each copy carries the LSN it reflects, so copies taken at different moments are still
/// exact (see ``ServerRecovery``).
enum PlayerCopier {
    static let chunkSize = 1_024

    /// What was copied, and the longest single turn a shard's loop spent on it: the longest
    /// time a request on that loop could have waited because of the copy.
    struct Copy: Sendable {
        var players: [CheckpointedPlayer] = []
        /// The ids taken from each shard, in shard order (to mark them dirty again on failure).
        var idsByShard: [[UInt64]] = []
        var longestStall = LoopStall()
    }

    enum Selection {
        /// Players changed since the last checkpoint took them; they count as clean afterwards.
        case dirty
        case all
    }

    /// - Throws: when a shard's loop is gone (the server is stopping); dirty ids taken so far
    ///   are marked dirty again first.
    static func copy(_ selection: Selection, from shards: [Shard]) async throws -> Copy {
        var copy = Copy()
        do {
            try await copyShards(selection, from: shards, into: &copy)
        } catch {
            if case .dirty = selection {
                for (shard, ids) in zip(shards, copy.idsByShard) {
                    await shard.markDirty(ids)
                }
            }
            throw error
        }
        return copy
    }

    private static func copyShards(_ selection: Selection, from shards: [Shard], into copy: inout Copy) async throws {
        for shard in shards {
            let (ids, listing): ([UInt64], LoopStall)
            switch selection {
            case .dirty:
                let (taken, stall) = try await onLoop(of: shard) { $0.takeDirty() }
                (ids, listing) = (Array(taken), stall)
            case .all:
                (ids, listing) = try await onLoop(of: shard) { $0.playerIds() }
            }
            copy.longestStall = max(copy.longestStall, listing)
            copy.idsByShard.append(ids)
            var start = 0
            while start < ids.count {
                let chunk = ids[start..<min(start + chunkSize, ids.count)]
                let (players, stall) = try await onLoop(of: shard) { $0.copy(chunk) }
                copy.players += players
                copy.longestStall = max(copy.longestStall, stall)
                start += chunkSize
            }
        }
    }

    /// Runs `body` as one task on the shard's loop and measures how long it held the loop.
    static func onLoop<T: Sendable>(of shard: Shard, _ body: @escaping @Sendable (isolated Shard) -> T) async throws -> (T, LoopStall) {
        try await shard.loop.submit {
            LoopStall.measure { shard.assumeIsolated(body) }
        }.get()
    }
}
