import EspritGame
import EspritStorage
import Foundation
import Logging

/// Builds a data directory from a snapshot: the players go into a new LMDB checkpoint as of the
/// snapshot's LSN, and the journal starts empty after it. The ledger is not part of a snapshot,
/// so the restored server's ledger starts at the snapshot.
public enum SnapshotRestore {
    /// - Throws: ``SnapshotError`` when the snapshot fails its manifest (missing, wrong format,
    ///   wrong size or checksum) or the data directory already holds a checkpoint or a journal.
    public static func restore(snapshot path: String, into configuration: ServerConfiguration, logger: Logger) throws -> SnapshotManifest {
        for folder in [configuration.checkpointDirectory, configuration.journalDirectory] where directoryHasEntries(folder) {
            throw SnapshotError(message: "\(folder) is not empty: restore only into a new data directory")
        }
        let (manifest, players) = try SnapshotFile.read(path)
        var seen = Set<UInt64>()
        for player in players where !seen.insert(player.id).inserted {
            throw SnapshotError(message: "player \(player.id) appears twice")
        }
        let store = try CheckpointStore(directory: configuration.checkpointDirectory)
        try store.write(players: players.map { CheckpointedPlayer(state: $0, lsn: manifest.lsn) }, lsn: manifest.lsn)
        let journal = try Journal(
            configuration: JournalConfiguration(directory: configuration.journalDirectory), logger: logger,
            checkpointLSN: manifest.lsn, onFailure: { _ in }, replay: { _, _ in }
        )
        journal.close()
        logger.info("restored", metadata: ["snapshot": "\(path)", "lsn": "\(manifest.lsn)", "players": "\(players.count)"])
        return manifest
    }

    private static func directoryHasEntries(_ path: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).isEmpty == false
    }
}
