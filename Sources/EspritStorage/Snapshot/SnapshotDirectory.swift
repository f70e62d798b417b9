import Logging

/// The folder the scheduled exporter writes to: `snapshot-<unix ms, 13 digits>.ndjson.zst`, each
/// with its manifest. Only snapshots whose manifest exists are listed; the oldest beyond the
/// number to keep are deleted, manifest first, so a half-deleted snapshot is never listed.
public struct SnapshotDirectory: Sendable {
    public let path: String
    private static let prefix = "snapshot-"
    private static let suffix = ".ndjson.zst"

    /// Creates the folder if needed and removes what an interrupted export left behind:
    /// temporary files and data files without a manifest.
    public init(path: String, logger: Logger) throws {
        self.path = path
        try SystemFile.createDirectory(path)
        let names = try SystemFile.listDirectory(path)
        for name in names {
            let isTemporary = name.hasSuffix(SnapshotFile.temporarySuffix)
            let isOrphan = name.hasSuffix(Self.suffix) && !names.contains(name + SnapshotManifest.suffix)
            guard isTemporary || isOrphan else { continue }
            logger.warning("snapshots: removing what an interrupted export left", metadata: ["file": "\(name)"])
            try SystemFile.remove(path + "/" + name)
        }
    }

    /// The path for a new snapshot started at `createdAt` (unix ms); names sort by time.
    public func newSnapshotPath(createdAt: Int64) -> String {
        let time = String(createdAt)
        return path + "/" + Self.prefix + String(repeating: "0", count: max(0, 13 - time.count)) + time + Self.suffix
    }

    /// The complete snapshots, oldest first, as paths.
    public func snapshots() throws -> [String] {
        let names = try SystemFile.listDirectory(path)
        return names
            .filter { $0.hasPrefix(Self.prefix) && $0.hasSuffix(Self.suffix) && names.contains($0 + SnapshotManifest.suffix) }
            .sorted()
            .map { path + "/" + $0 }
    }

    /// Deletes all but the newest `keep` complete snapshots; returns the deleted paths.
    @discardableResult
    public func prune(keep: Int) throws -> [String] {
        let doomed = try snapshots().dropLast(keep)
        for snapshot in doomed {
            try SystemFile.remove(SnapshotManifest.path(for: snapshot))
            try SystemFile.remove(snapshot)
        }
        if !doomed.isEmpty { try SystemFile.syncDirectory(path) }
        return Array(doomed)
    }
}
