import ArgumentParser
import EspritServer
import EspritStorage
import Foundation
import Logging

/// `esprit-server inspect --data-dir DIR`: what a stopped server's data directory holds — the
/// checkpoint LSN, player and ledger key counts, LMDB's statistics, the journal's segments with
/// their LSN ranges and sizes, the scheduled snapshots. Changes nothing.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a stopped server's data directory: checkpoint, LMDB, journal segments, snapshots."
    )

    @Option(help: "The data directory (default ./data).")
    var dataDir: String = "./data"

    func run() throws {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = dataDir
        var logger = Logger(label: "esprit-server")
        logger.logLevel = .error
        guard FileManager.default.fileExists(atPath: configuration.checkpointDirectory + "/data.mdb") else {
            FileHandle.standardError.write(Data("esprit-server: \(dataDir) has no checkpoint (\(configuration.checkpointDirectory)/data.mdb)\n".utf8))
            throw ExitCode(1)
        }
        let statistics = try CheckpointStore(directory: configuration.checkpointDirectory).statistics()
        let entries = Dictionary(statistics.databases.map { ($0.name, $0.statistics.entries) }, uniquingKeysWith: { first, _ in first })
        print("data directory \(dataDir)")
        print("checkpoint: LSN \(statistics.lsn), \(entries["players"] ?? 0) players, \(entries["ledger"] ?? 0) ledger keys (a player's entries from one checkpoint transaction share one; with any an unfinished checkpoint wrote above its LSN)")
        print("lmdb: map \(statistics.mapSize) bytes, last page \(statistics.lastPage), last transaction \(statistics.lastTransaction)")
        for (name, database) in statistics.databases {
            print("  \(name): \(database.entries) entries, depth \(database.depth), pages \(database.branchPages) branch / \(database.leafPages) leaf / \(database.overflowPages) overflow of \(database.pageSize) bytes")
        }
        let segments = try JournalSegmentSummary.list(directory: configuration.journalDirectory, logger: logger)
        print("journal: \(segments.count) segments, \(segments.reduce(0) { $0 + $1.bytes }) bytes")
        for segment in segments {
            let range = segment.lastLSN.map { "LSN \(segment.firstLSN)–\($0)" } ?? "no records (next LSN \(segment.firstLSN))"
            print("  \(segment.name)  \(range)  \(segment.bytes) bytes")
        }
        let snapshotFolder = configuration.snapshotDirectory
        let snapshots = ((try? FileManager.default.contentsOfDirectory(atPath: snapshotFolder)) ?? []).filter { $0.hasSuffix(SnapshotManifest.suffix) }.sorted()
        print("snapshots: \(snapshots.count) in \(snapshotFolder)")
        for manifest in snapshots {
            print("  \(manifest.dropLast(SnapshotManifest.suffix.count))")
        }
    }
}
