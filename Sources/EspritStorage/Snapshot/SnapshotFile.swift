#if canImport(Glibc)
import Glibc
#endif
import Crypto
import EspritGame
import Foundation

/// A snapshot on disk: zstd-compressed NDJSON, one ``SnapshotPlayer`` line per player in id
/// order, and its ``SnapshotManifest`` beside it (protocol/SNAPSHOT.md).
///
/// Written crash-safely: the data goes to `FILE.tmp`, is synced and renamed, then the manifest
/// the same way, then the folder is synced. A crash at any point leaves at most a temporary file
/// or a data file without a manifest: never something that is listed or restored.
public enum SnapshotFile {
    public static let temporarySuffix = ".tmp"

    /// Writes `players` (in id order) as of `lsn` to `path` and its manifest.
    public static func write(players: [PlayerState], lsn: UInt64, createdAt: Int64, to path: String) throws -> SnapshotManifest {
        let temporaryPath = path + temporarySuffix
        let fd = try SystemFile.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var hasher = SHA256()
        var compressedBytes = 0
        var uncompressedBytes = 0
        do {
            let compressor = ZstdCompressor()
            let sink: ([UInt8]) throws -> Void = { chunk in
                try SystemFile.writeAll(fd, chunk, path: temporaryPath)
                hasher.update(data: chunk)
                compressedBytes += chunk.count
            }
            var pending: [UInt8] = []
            pending.reserveCapacity(1 << 20)
            for player in players {
                SnapshotPlayer.appendLine(player, to: &pending)
                if pending.count >= 1 << 20 {
                    uncompressedBytes += pending.count
                    try compressor.compress(pending, sink: sink)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            uncompressedBytes += pending.count
            try compressor.compress(pending, sink: sink)
            try compressor.finish(sink: sink)
            try SystemFile.syncData(fd, path: temporaryPath)
        } catch {
            SystemFile.close(fd)
            try? SystemFile.remove(temporaryPath)
            throw error
        }
        SystemFile.close(fd)
        try SystemFile.rename(temporaryPath, to: path)
        let manifest = SnapshotManifest(
            file: (path as NSString).lastPathComponent, lsn: lsn, createdAt: createdAt, players: players.count,
            compressedBytes: compressedBytes, uncompressedBytes: uncompressedBytes, sha256: Hex.encode(hasher.finalize())
        )
        try writeManifest(manifest, for: path)
        return manifest
    }

    private static func writeManifest(_ manifest: SnapshotManifest, for path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes = Array(try encoder.encode(manifest)) + [UInt8(ascii: "\n")]
        try SystemFile.writeReplacing(SnapshotManifest.path(for: path), with: bytes, temporarySuffix: temporarySuffix)
        try SystemFile.syncDirectory(folder(of: path))
    }

    /// Reads the manifest of the snapshot at `path` and checks the file against its SHA-256.
    ///
    /// - Throws: ``SnapshotError`` naming what is wrong: no manifest, an unknown format, a size
    ///   or checksum that does not match.
    public static func verify(_ path: String) throws -> SnapshotManifest {
        let manifestPath = SnapshotManifest.path(for: path)
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw SnapshotError(message: "\(manifestPath) is missing: the snapshot is incomplete or not a snapshot")
        }
        let manifest: SnapshotManifest
        do {
            manifest = try JSONDecoder().decode(SnapshotManifest.self, from: manifestData)
        } catch {
            throw SnapshotError(message: "\(manifestPath) is not a snapshot manifest: \(error)")
        }
        guard manifest.format == "esprit-snapshot", manifest.formatVersion == SnapshotManifest.currentFormatVersion else {
            throw SnapshotError(message: "\(manifestPath): format \(manifest.format) version \(manifest.formatVersion) is not esprit-snapshot version \(SnapshotManifest.currentFormatVersion)")
        }
        var hasher = SHA256()
        var size = 0
        try forEachChunk(of: path) { chunk in
            hasher.update(data: chunk)
            size += chunk.count
        }
        let checksum = Hex.encode(hasher.finalize())
        guard size == manifest.compressedBytes, checksum == manifest.sha256 else {
            throw SnapshotError(message: "\(path) does not match its manifest: \(size) bytes with SHA-256 \(checksum), the manifest says \(manifest.compressedBytes) bytes with SHA-256 \(manifest.sha256)")
        }
        return manifest
    }

    /// Verifies the snapshot, then reads every player, in file order.
    public static func read(_ path: String) throws -> (manifest: SnapshotManifest, players: [PlayerState]) {
        let manifest = try verify(path)
        let decompressor = ZstdDecompressor()
        var batch = LineBatch()
        var players: [PlayerState] = []
        players.reserveCapacity(manifest.players)
        var line: [UInt8] = []
        try forEachChunk(of: path) { chunk in
            try decompressor.decompress(chunk) { bytes in
                var start = bytes.startIndex
                while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    line.append(contentsOf: bytes[start..<newline])
                    batch.add(line)
                    line.removeAll(keepingCapacity: true)
                    start = newline + 1
                    if batch.count == LineBatch.size { try batch.decode(into: &players) }
                }
                line.append(contentsOf: bytes[start...])
            }
        }
        try batch.decode(into: &players)
        guard line.isEmpty, decompressor.atFrameEnd else { throw SnapshotError(message: "\(path) ends in the middle of a line or frame") }
        guard players.count == manifest.players else {
            throw SnapshotError(message: "\(path) holds \(players.count) players, the manifest says \(manifest.players)")
        }
        return (manifest, players)
    }

    private static func forEachChunk(of path: String, _ body: ([UInt8]) throws -> Void) throws {
        let fd = try SystemFile.open(path, flags: O_RDONLY)
        defer { SystemFile.close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = try SystemFile.read(fd, into: &chunk, path: path)
            if count == 0 { return }
            try body(count == chunk.count ? chunk : Array(chunk[0..<count]))
        }
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}

/// Lines decoded a few thousand at a time as one JSON array: a decoder call per line would cost
/// more than the parsing itself. A batch that fails is decoded line by line to name the line.
private struct LineBatch {
    static let size = 4_096
    private var json: [UInt8] = [UInt8(ascii: "[")]
    private var lineStarts: [Int] = []
    private let decoder = JSONDecoder()

    var count: Int { lineStarts.count }

    mutating func add(_ line: [UInt8]) {
        if !lineStarts.isEmpty { json.append(UInt8(ascii: ",")) }
        lineStarts.append(json.count)
        json.append(contentsOf: line)
    }

    mutating func decode(into players: inout [PlayerState]) throws {
        guard !lineStarts.isEmpty else { return }
        json.append(UInt8(ascii: "]"))
        let decoded: [SnapshotPlayer]
        do {
            decoded = try decoder.decode([SnapshotPlayer].self, from: Data(json))
        } catch {
            throw firstBadLine(after: players.count)
        }
        for player in decoded {
            players.append(try player.state())
        }
        json.removeAll(keepingCapacity: true)
        json.append(UInt8(ascii: "["))
        lineStarts.removeAll(keepingCapacity: true)
    }

    private func firstBadLine(after decodedBefore: Int) -> SnapshotError {
        for (index, start) in lineStarts.enumerated() {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : json.count - 1
            do {
                _ = try decoder.decode(SnapshotPlayer.self, from: Data(json[start..<end]))
            } catch {
                return SnapshotError(message: "line \(decodedBefore + index + 1) is not a player: \(error)")
            }
        }
        return SnapshotError(message: "lines \(decodedBefore + 1)–\(decodedBefore + lineStarts.count) do not form players")
    }
}
