#if canImport(Glibc)
import Glibc
#endif
import EspritGame
import EspritStorage
import Foundation

/// Where `ADMIN_EXPORT` and `ADMIN_BACKUP` may write: a plain name inside the configured
/// snapshot or backup folder, never a path. An admin session, or whoever stole its key, can
/// therefore neither write outside those folders nor replace a file — in particular not the
/// journal or LMDB, which exporting over a segment once destroyed.
///
/// The folders themselves are checked at start: neither may be the data directory itself, nor
/// lie inside its journal or LMDB folders.
struct AdminFileTargets: Sendable {
    let snapshotDirectory: String
    let backupDirectory: String

    /// The longest name accepted.
    static let maxNameBytes = 128
    /// Scheduled snapshots are named `snapshot-…`; their pruning must never meet an export.
    static let reservedPrefix = "snapshot-"

    /// - Throws: ``SettingError`` naming the flag when a folder would put files among the
    ///   server's own.
    init(configuration: ServerConfiguration) throws(SettingError) {
        snapshotDirectory = configuration.snapshotDirectory
        backupDirectory = configuration.backupDirectory
        let owned = [configuration.journalDirectory, configuration.checkpointDirectory].map(Self.resolved)
        let data = Self.resolved(configuration.dataDirectory)
        for (flag, folder) in [("--snapshot-dir", snapshotDirectory), ("--backup-dir", backupDirectory)] {
            let target = Self.resolved(folder)
            if target == data || owned.contains(where: { target == $0 || target.hasPrefix($0 + "/") }) {
                throw SettingError(name: flag, reason: "\(folder) is the data directory or inside its journal or lmdb folder; pick a folder of its own")
            }
        }
    }

    /// The snapshot file an export named `name` writes, reserved so that no other export takes
    /// it meanwhile.
    ///
    /// - Throws: `validation(field "path")` for anything but a free, well-formed name.
    func reserveExport(named name: String) throws(GameError) -> String {
        try Self.check(name, field: "path")
        guard !name.hasPrefix(Self.reservedPrefix) else {
            throw .validation(field: "path", reason: "names starting with \(Self.reservedPrefix) are kept for scheduled snapshots")
        }
        guard !name.hasSuffix(SnapshotFile.temporarySuffix), !name.hasSuffix(SnapshotManifest.suffix) else {
            throw .validation(field: "path", reason: "names ending in \(SnapshotFile.temporarySuffix) or \(SnapshotManifest.suffix) are kept for the exporter")
        }
        do {
            try FileManager.default.createDirectory(atPath: snapshotDirectory, withIntermediateDirectories: true)
        } catch {
            throw .unavailable(reason: "cannot create the snapshot folder: \(error)")
        }
        let path = snapshotDirectory + "/" + name
        guard !FileManager.default.fileExists(atPath: SnapshotManifest.path(for: path)) else {
            throw .validation(field: "path", reason: "\(name) already exists in the snapshot folder")
        }
        // O_EXCL makes the check and the claim one step: two exports to one name cannot both win.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw .validation(field: "path", reason: "\(name) already exists in the snapshot folder") }
            throw .unavailable(reason: "cannot create \(name) in the snapshot folder: \(String(cString: strerror(code)))")
        }
        close(fd)
        return path
    }

    /// The new folder a backup named `name` writes, created here so that it did not exist.
    ///
    /// - Throws: `validation(field "directory")` for anything but a free, well-formed name.
    func createBackup(named name: String) throws(GameError) -> String {
        try Self.check(name, field: "directory")
        do {
            try FileManager.default.createDirectory(atPath: backupDirectory, withIntermediateDirectories: true)
        } catch {
            throw .unavailable(reason: "cannot create the backup folder: \(error)")
        }
        let path = backupDirectory + "/" + name
        guard mkdir(path, 0o755) == 0 else {
            let code = errno
            if code == EEXIST { throw .validation(field: "directory", reason: "\(name) already exists in the backup folder") }
            throw .unavailable(reason: "cannot create \(name) in the backup folder: \(String(cString: strerror(code)))")
        }
        return path
    }

    /// 1–128 bytes of `A–Z a–z 0–9 . _ -`, not starting with a dot: a name, never a path.
    private static func check(_ name: String, field: String) throws(GameError) {
        guard !name.isEmpty, name.utf8.count <= maxNameBytes else {
            throw .validation(field: field, reason: "must be a name of 1–\(maxNameBytes) bytes")
        }
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
        }
        guard allowed, !name.hasPrefix(".") else {
            throw .validation(field: field, reason: "must be a plain name (letters, digits, . _ -, not starting with a dot), not a path")
        }
    }

    /// `path` absolute, without `.`, `..` or symbolic links, for comparing folders.
    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
