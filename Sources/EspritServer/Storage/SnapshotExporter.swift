import EspritGame
import EspritStorage
import Logging

/// Exports every player as of one LSN without pausing the server (DESIGN.md, "Snapshots are
/// for people and tools").
///
/// The shards are copied chunk by chunk (``PlayerCopier``), so the copies are of different
/// moments; each carries its own LSN. The export then takes the newest of those LSNs as its
/// point and replays, onto the copies, the journal records between the point where copying
/// started and that LSN — skipping, per player, what its copy already holds, exactly as
/// start-up does. Every player comes out as of the same LSN.
final class SnapshotExporter: Sendable {
    private let journal: Journal
    private let shards: [Shard]
    private let clock: WallClock
    private let logger: Logger

    init(journal: Journal, shards: [Shard], clock: WallClock, logger: Logger) {
        self.journal = journal
        self.shards = shards
        self.clock = clock
        self.logger = logger
    }

    /// What an export wrote, how long it took, and the longest turn it held a shard's loop.
    struct Report: Sendable {
        var manifest: SnapshotManifest
        var longestStall: LoopStall
        var duration: Duration
    }

    /// Writes the snapshot to `path` (and its manifest beside it).
    func export(to path: String) async throws -> Report {
        let started = ContinuousClock.now
        let createdAt = clock.now()
        let startLSN = journal.lastAssignedLSN
        let hold = journal.retention.hold(from: startLSN + 1)
        defer { hold.release() }
        let copy = try await PlayerCopier.copy(.all, from: shards)
        let copied = ContinuousClock.now
        let lsn = max(startLSN, copy.players.map(\.lsn).max() ?? 0)
        try await journal.waitUntilDurable(lsn)
        let (journalDirectory, forceRecovery, logger) = (journal.configuration.directory, journal.configuration.forceRecovery, logger)
        let (manifest, replayed) = try await BlockingWork.run {
            let players = try Self.bringToOneLSN(copy.players, from: startLSN, to: lsn, journalDirectory: journalDirectory, forceRecovery: forceRecovery, logger: logger)
            let replayed = ContinuousClock.now
            return (try SnapshotFile.write(players: players, lsn: lsn, createdAt: createdAt, to: path), replayed)
        }
        let report = Report(manifest: manifest, longestStall: copy.longestStall, duration: ContinuousClock.now - started)
        logger.info("snapshot exported", metadata: [
            "path": "\(path)", "lsn": "\(lsn)", "players": "\(manifest.players)", "bytes": "\(manifest.compressedBytes)",
            "longestStall": "\(report.longestStall)", "duration": "\(report.duration)",
            "copying": "\(copied - started)", "replaying": "\(replayed - copied)", "writing": "\(ContinuousClock.now - replayed)",
        ])
        return report
    }

    /// Every player as of `lsn`, in id order: the copies, with the journal records in
    /// `(startLSN, lsn]` replayed onto the players they touch (and creating the players they
    /// register). Only those players go through a ``ServerRecovery``; the rest are as copied.
    private static func bringToOneLSN(
        _ copies: [CheckpointedPlayer], from startLSN: UInt64, to lsn: UInt64, journalDirectory: String, forceRecovery: Bool, logger: Logger
    ) throws -> [PlayerState] {
        var records: [(lsn: UInt64, payload: [UInt8])] = []
        var touched = Set<UInt64>()
        try Journal.scan(directory: journalDirectory, after: startLSN, through: lsn, forceRecovery: forceRecovery, logger: logger) { recordLSN, payload in
            // A copy: a slice would keep its whole segment's bytes alive until the replay.
            records.append((recordLSN, Array(payload)))
            for event in try EventCodec.decode(payload) { touched.insert(event.playerId) }
        }
        var recovery = ServerRecovery(forceRecovery: false)
        recovery.restore(checkpoint: copies.filter { touched.contains($0.state.id) }, registersNames: false)
        for record in records {
            try recovery.replay(lsn: record.lsn, payload: record.payload[...])
        }
        var players = copies.compactMap { touched.contains($0.state.id) ? nil : $0.state }
        players += recovery.players.values.map(\.state)
        players.sort { $0.id < $1.id }
        return players
    }
}
