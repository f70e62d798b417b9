@testable import EspritServer
import EspritGame
import EspritTestSupport
import Foundation
import Testing

@Suite struct AdminFileTargetsTests {
    private func configuration(_ folder: TemporaryDirectory) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = folder.path + "/data"
        return configuration
    }

    @Test func pathsTraversalAndHiddenNamesAreRefused() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let targets = try AdminFileTargets(configuration: configuration(folder))
        for name in ["", "../x", "/etc/passwd", "a/b", ".hidden", "..", "x\0y", "naïve", String(repeating: "a", count: 129)] {
            #expect(throws: GameError.self, "export \(name.debugDescription)") { try targets.reserveExport(named: name) }
            #expect(throws: GameError.self, "backup \(name.debugDescription)") { try targets.createBackup(named: name) }
        }
        for name in ["snapshot-0001.ndjson.zst", "players.tmp", "players.manifest.json"] {
            #expect(throws: GameError.self, "export \(name)") { try targets.reserveExport(named: name) }
        }
        let written = (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/data/snapshots")) ?? []
        #expect(written.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x"))
    }

    @Test func aNameIsClaimedOnceAndNeverOverwritten() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let targets = try AdminFileTargets(configuration: configuration(folder))
        let path = try targets.reserveExport(named: "players.ndjson.zst")
        #expect(path == folder.path + "/data/snapshots/players.ndjson.zst")
        #expect(throws: GameError.validation(field: "path", reason: "players.ndjson.zst already exists in the snapshot folder")) {
            try targets.reserveExport(named: "players.ndjson.zst")
        }
        let backup = try targets.createBackup(named: "nightly")
        #expect(backup == folder.path + "/data/backups/nightly")
        #expect(throws: GameError.validation(field: "directory", reason: "nightly already exists in the backup folder")) {
            try targets.createBackup(named: "nightly")
        }
    }

    @Test func foldersAmongTheServersOwnFilesStopStartUp() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        for (snapshot, backup) in [("data/journal", nil), (nil, "data/lmdb/sub"), ("data", nil), (nil, "data/journal/../lmdb")] as [(String?, String?)] {
            var configuration = configuration(folder)
            configuration.snapshotDirectoryOverride = snapshot.map { folder.path + "/" + $0 }
            configuration.backupDirectoryOverride = backup.map { folder.path + "/" + $0 }
            #expect(throws: SettingError.self) { try AdminFileTargets(configuration: configuration) }
        }
    }
}
