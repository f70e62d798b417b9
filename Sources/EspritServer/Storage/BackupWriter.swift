import EspritGame
import EspritStorage
import Foundation
import Logging

/// A hot backup (`esprit admin backup DIR`): a compacted copy of LMDB as of one read
/// transaction, then the journal segments after that copy's checkpoint. The server goes on
/// meanwhile; the segments are held against pruning until copied. `esprit-server --data-dir
/// DIR` starts from the result.
final class BackupWriter: Sendable {
    private let store: CheckpointStore
    private let journal: Journal
    private let checkpointer: Checkpointer
    private let logger: Logger

    init(store: CheckpointStore, journal: Journal, checkpointer: Checkpointer, logger: Logger) {
        self.store = store
        self.journal = journal
        self.checkpointer = checkpointer
        self.logger = logger
    }

    struct Report: Sendable {
        var checkpointLSN: UInt64
        var segments: Int
        var bytes: Int
    }

    /// - Throws: `validation` when `directory` exists and is not empty; `unavailable` when
    ///   the copy fails.
    func backup(to directory: String) async throws(GameError) -> Report {
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw .validation(field: "directory", reason: "\(directory) is not empty")
        }
        let hold = journal.retention.hold(from: checkpointer.checkpointLSN + 1)
        defer { hold.release() }
        let (store, journalDirectory) = (store, journal.configuration.directory)
        do {
            let report = try await BlockingWork.run {
                try store.copyCompacted(to: directory + "/lmdb")
                let checkpointLSN = try CheckpointStore(directory: directory + "/lmdb").statistics().lsn
                let lmdbBytes = (try? FileManager.default.attributesOfItem(atPath: directory + "/lmdb/data.mdb")[.size] as? Int) ?? 0
                let journal = try JournalCopy.copySegments(from: journalDirectory, to: directory + "/journal", after: checkpointLSN)
                return Report(checkpointLSN: checkpointLSN, segments: journal.segments, bytes: lmdbBytes + journal.bytes)
            }
            logger.info("backup written", metadata: [
                "directory": "\(directory)", "checkpointLSN": "\(report.checkpointLSN)", "segments": "\(report.segments)", "bytes": "\(report.bytes)",
            ])
            return report
        } catch {
            logger.error("backup failed", metadata: ["directory": "\(directory)", "error": "\(error)"])
            throw .unavailable(reason: "backup to \(directory) failed: \(error)")
        }
    }
}
