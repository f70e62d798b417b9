/// The manifest written next to a snapshot as `FILE.manifest.json`, last: a snapshot without one
/// is incomplete and is never listed or restored. Documented in protocol/SNAPSHOT.md.
public struct SnapshotManifest: Codable, Equatable, Sendable {
    public static let currentFormatVersion = 1
    public static let suffix = ".manifest.json"

    /// Always `esprit-snapshot`.
    public var format: String
    public var formatVersion: Int
    /// The file name of the compressed snapshot, in the same folder.
    public var file: String
    /// Every player is exactly as of this journal LSN.
    public var lsn: UInt64
    /// Unix milliseconds when the export started.
    public var createdAt: Int64
    public var players: Int
    public var compressedBytes: Int
    public var uncompressedBytes: Int
    /// Lowercase hex SHA-256 of the compressed file.
    public var sha256: String

    public init(file: String, lsn: UInt64, createdAt: Int64, players: Int, compressedBytes: Int, uncompressedBytes: Int, sha256: String) {
        self.format = "esprit-snapshot"
        self.formatVersion = Self.currentFormatVersion
        self.file = file
        self.lsn = lsn
        self.createdAt = createdAt
        self.players = players
        self.compressedBytes = compressedBytes
        self.uncompressedBytes = uncompressedBytes
        self.sha256 = sha256
    }

    /// The manifest's path for the snapshot at `path`.
    public static func path(for snapshotPath: String) -> String {
        snapshotPath + suffix
    }
}
