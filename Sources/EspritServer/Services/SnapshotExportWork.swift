import EspritStorage

/// The scheduled exporter: each run writes a snapshot into the snapshot folder and deletes all
/// but the newest ``keep``. The items it processed are the players exported.
struct SnapshotExportWork: BackgroundWork {
    let exporter: SnapshotExporter
    let folder: SnapshotDirectory
    let keep: Int
    let clock: WallClock

    func run() async throws -> Int {
        let report = try await exporter.export(to: folder.newSnapshotPath(createdAt: clock.now()))
        try folder.prune(keep: keep)
        return report.manifest.players
    }
}
