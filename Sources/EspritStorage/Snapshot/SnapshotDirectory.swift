import Foundation
import Logging

/// The folder the scheduled exporter writes to: `snapshot-<unix ms, 13 digits>.ndjson.zst`, each
/// with its manifest. Only snapshots whose manifest exists are listed; the oldest beyond the
/// number to keep are deleted, manifest first, so a half-deleted snapshot is never listed.
/// "Oldest" goes by the manifests' LSN, not by name: a clock set back names a new snapshot
/// before the old ones, and pruning by name would delete the snapshot just written.
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

    /// The path for a new snapshot started at `createdAt` (unix ms), or at the first later
    /// millisecond whose name is free: a new snapshot never replaces one already there.
    public func newSnapshotPath(createdAt: Int64) -> String {
        var time = createdAt
        while true {
            let digits = String(time)
            let candidate = path + "/" + Self.prefix + String(repeating: "0", count: max(0, 13 - digits.count)) + digits + Self.suffix
            let taken = [candidate, SnapshotManifest.path(for: candidate), candidate + SnapshotFile.temporarySuffix]
                .contains { FileManager.default.fileExists(atPath: $0) }
            if !taken { return candidate }
            time += 1
        }
    }

    /// The complete snapshots, oldest first — by their manifests' LSN, then by name; one whose
    /// manifest cannot be read counts as the oldest — as paths.
    public func snapshots() throws -> [String] {
        let names = try SystemFile.listDirectory(path)
        let decoder = JSONDecoder()
        return names
            .filter { $0.hasPrefix(Self.prefix) && $0.hasSuffix(Self.suffix) && names.contains($0 + SnapshotManifest.suffix) }
            .map { name -> (lsn: UInt64, name: String) in
                let manifest = (try? SystemFile.readAll(path + "/" + name + SnapshotManifest.suffix))
                    .flatMap { try? decoder.decode(SnapshotManifest.self, from: Data($0)) }
                return (manifest?.lsn ?? 0, name)
            }
            .sorted { ($0.lsn, $0.name) < ($1.lsn, $1.name) }
            .map { path + "/" + $0.name }
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
