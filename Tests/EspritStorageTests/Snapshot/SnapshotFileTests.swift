import Crypto
import EspritGame
@testable import EspritStorage
import EspritTestSupport
import Foundation
import Logging
import Testing

@Suite struct SnapshotFileTests {
    private func players(_ count: Int) throws -> [PlayerState] {
        var players = try (1...count).map { try RichPlayer.make(id: UInt64($0)) }
        // Registration allows only [A-Za-z0-9_], but the format must carry any string intact.
        players[0].name = "Ayla \"the\" \\ Bold\tÉ😀"
        players[1].leader = nil
        players[1].daily = DailyState()
        players[1].pity = [:]
        players[1].buildings = []
        return players
    }

    @Test func playersRoundTripAndTheManifestDescribesTheFile() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/players.ndjson.zst"
        let written = try players(3_000)
        let manifest = try SnapshotFile.write(players: written, lsn: 4_242, createdAt: 1_795_219_200_000, to: path)
        #expect(manifest.format == "esprit-snapshot")
        #expect(manifest.formatVersion == 1)
        #expect(manifest.file == "players.ndjson.zst")
        #expect(manifest.lsn == 4_242)
        #expect(manifest.players == 3_000)
        #expect(manifest.compressedBytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        #expect(manifest.compressedBytes < manifest.uncompressedBytes)
        #expect(manifest.sha256.count == 64)
        let read = try SnapshotFile.read(path)
        #expect(read.manifest == manifest)
        #expect(read.players == written)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["players.ndjson.zst", "players.ndjson.zst.manifest.json"])
    }

    /// What protocol/SNAPSHOT.md promises: `zstd -dc FILE | jq` reads it, one player per line.
    @Test(.enabled(if: Self.commandExists("zstd") && Self.commandExists("jq")))
    func zstdAndJqReadIt() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/players.ndjson.zst"
        let written = try players(5)
        _ = try SnapshotFile.write(players: written, lsn: 9, createdAt: 0, to: path)
        let output = try Self.shell("zstd -dc '\(path)' | jq -r '[.id, .name, .balances.\"shards.dark\", (.esprits | length)] | @tsv'")
        let expected = written.dropFirst().map { "\($0.id)\t\($0.name)\t\($0.balances[.darkShards])\t\($0.esprits.count)" }
        #expect(output.split(separator: "\n").count == 5)
        #expect(output.split(separator: "\n").dropFirst().map(String.init) == expected)
        #expect(try Self.shell("zstd -dc '\(path)' | jq -r .name | head -1") == "Ayla \"the\" \\ Bold\tÉ😀\n")
    }

    @Test func aChangedByteIsRefusedNamingBothChecksums() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/players.ndjson.zst"
        let manifest = try SnapshotFile.write(players: try players(10), lsn: 1, createdAt: 0, to: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SnapshotError.self) { try SnapshotFile.read(path) }
        #expect(error.message.contains("does not match its manifest"))
        #expect(error.message.contains(manifest.sha256))
    }

    /// A file that matches its manifest but holds a line that is not a player: the error
    /// names the line.
    @Test(.enabled(if: Self.commandExists("zstd")))
    func aLineThatIsNotAPlayerIsNamed() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/players.ndjson.zst"
        _ = try SnapshotFile.write(players: try players(5_000), lsn: 1, createdAt: 0, to: path)
        let text = try Self.shell("zstd -dcq '\(path)'")
        var lines = text.split(separator: "\n").map(String.init)
        lines[4_500] = #"{"id":4501,"name":"broken"}"#
        let compressor = ZstdCompressor()
        var compressed: [UInt8] = []
        try compressor.compress(Array((lines.joined(separator: "\n") + "\n").utf8)) { compressed += $0 }
        try compressor.finish { compressed += $0 }
        try Data(compressed).write(to: URL(fileURLWithPath: path))
        var manifest = try JSONDecoder().decode(SnapshotManifest.self, from: Data(contentsOf: URL(fileURLWithPath: SnapshotManifest.path(for: path))))
        manifest.compressedBytes = compressed.count
        manifest.sha256 = Hex.encode(SHA256.hash(data: compressed))
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: SnapshotManifest.path(for: path)))
        let error = try #require(throws: SnapshotError.self) { try SnapshotFile.read(path) }
        #expect(error.message.hasPrefix("line 4501 is not a player"))
    }

    @Test func aSnapshotWithoutItsManifestIsRefused() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/players.ndjson.zst"
        _ = try SnapshotFile.write(players: try players(2), lsn: 1, createdAt: 0, to: path)
        try FileManager.default.removeItem(atPath: SnapshotManifest.path(for: path))
        let error = try #require(throws: SnapshotError.self) { try SnapshotFile.verify(path) }
        #expect(error.message.contains("manifest.json is missing"))
    }

    /// A crash while exporting leaves a temporary file or a data file without its manifest:
    /// neither is listed, and the next start removes both.
    @Test func halfWrittenSnapshotsAreNeverListedAndAreRemovedAtStart() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let logger = Logger(label: "snapshots") { _ in SwiftLogNoOpLogHandler() }
        let directory = try SnapshotDirectory(path: folder.path, logger: logger)
        var complete: [String] = []
        for time in [1_000, 2_000, 3_000] as [Int64] {
            let path = directory.newSnapshotPath(createdAt: time)
            _ = try SnapshotFile.write(players: try players(2), lsn: UInt64(time), createdAt: time, to: path)
            complete.append(path)
        }
        let interrupted = directory.newSnapshotPath(createdAt: 4_000)
        _ = FileManager.default.createFile(atPath: interrupted + SnapshotFile.temporarySuffix, contents: Data([1, 2, 3]))
        let unmanifested = directory.newSnapshotPath(createdAt: 5_000)
        _ = FileManager.default.createFile(atPath: unmanifested, contents: Data([4, 5, 6]))
        #expect(try directory.snapshots() == complete)

        let reopened = try SnapshotDirectory(path: folder.path, logger: logger)
        #expect(!FileManager.default.fileExists(atPath: interrupted + SnapshotFile.temporarySuffix))
        #expect(!FileManager.default.fileExists(atPath: unmanifested))
        #expect(try reopened.prune(keep: 2) == [complete[0]])
        #expect(try reopened.snapshots() == Array(complete.dropFirst()))
        #expect(!FileManager.default.fileExists(atPath: SnapshotManifest.path(for: complete[0])))
    }

    /// The machine's clock set back a day: the new snapshot's name sorts first, but its LSN is
    /// the highest, so pruning keeps it and deletes the oldest by LSN.
    @Test func pruningGoesByTheManifestsLSNNotByName() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let directory = try SnapshotDirectory(path: folder.path, logger: Logger(label: "snapshots") { _ in SwiftLogNoOpLogHandler() })
        let day: Int64 = 86_400_000
        var written: [String] = []
        for (index, createdAt) in [10 * day, 11 * day, 10 * day - 5].enumerated() {
            let path = directory.newSnapshotPath(createdAt: createdAt)
            _ = try SnapshotFile.write(players: try players(2), lsn: UInt64(100 + index), createdAt: createdAt, to: path)
            written.append(path)
        }
        #expect(try directory.prune(keep: 2) == [written[0]])
        #expect(try directory.snapshots() == [written[1], written[2]])
    }

    @Test func aNewSnapshotNeverTakesTheNameOfOneThere() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let directory = try SnapshotDirectory(path: folder.path, logger: Logger(label: "snapshots") { _ in SwiftLogNoOpLogHandler() })
        let first = directory.newSnapshotPath(createdAt: 7_000)
        _ = try SnapshotFile.write(players: try players(2), lsn: 1, createdAt: 7_000, to: first)
        let second = directory.newSnapshotPath(createdAt: 7_000)
        #expect(second != first)
        #expect(second == directory.newSnapshotPath(createdAt: 7_001))
    }

    static func commandExists(_ name: String) -> Bool {
        (try? shell("command -v \(name)")).map { !$0.isEmpty } ?? false
    }

    static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
