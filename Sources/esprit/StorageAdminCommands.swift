import ArgumentParser
import EspritClient
import EspritProtocol
import Foundation

/// `esprit admin services [--pause ID | --resume ID | --run ID]`: the server's background
/// services and their health.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "Show the background services' health; pause, resume or run one now."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var admin: AdminOptions

    @Option(help: "Pause this service (checkpointer, snapshot-exporter).")
    var pause: String?

    @Option(help: "Resume this paused service.")
    var resume: String?

    @Option(help: "Run this service now.")
    var run: String?

    func validate() throws {
        guard [pause, resume, run].compactMap({ $0 }).count <= 1 else {
            throw ValidationError("give at most one of --pause, --resume, --run")
        }
    }

    func run() async throws {
        let (action, service): (AdminServicesRequest.Action, String) =
            if let pause { (.pause, pause) } else if let resume { (.resume, resume) } else if let run { (.runNow, run) } else { (.list, "") }
        try await admin.withAdminClient(connection) { client in
            for status in try await client.services(action, service: service) {
                let state = ["running", "paused", "stopped", "failed"][safe: Int(status.status)] ?? "status \(status.status)"
                let lastRun = status.lastRunAt == 0 ? "never" : Timestamp.text(status.lastRunAt)
                var line = "\(status.id): \(state), \(status.runs) runs, last \(lastRun) (\(Double(status.lastDurationMicros) / 1_000) ms), \(status.itemsProcessed) items, \(status.consecutiveFailures) failures in a row"
                if !status.lastError.isEmpty { line += ", last error: \(status.lastError)" }
                print(line)
            }
        }
    }
}

/// `esprit admin export NAME`: a snapshot of every player as of one LSN, written by the server.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every player to a zstd-compressed NDJSON snapshot (protocol/SNAPSHOT.md).",
        discussion: "The server writes NAME and NAME.manifest.json into its snapshot folder (--snapshot-dir) on its own host and prints where. NAME is a new plain file name (letters, digits, . _ -), never a path."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var admin: AdminOptions

    @Argument(help: "The new snapshot's file name, such as players-2026-12-02.ndjson.zst.")
    var name: String

    func run() async throws {
        try await admin.withAdminClient(connection) { client in
            let exported = try await client.export(path: name)
            print("exported \(exported.players) players as of LSN \(exported.lsn) to \(exported.path): \(exported.compressedBytes) bytes (\(exported.uncompressedBytes) uncompressed), sha256 \(exported.sha256)")
        }
    }
}

/// `esprit admin backup NAME`: a hot, compacted copy of LMDB plus the journal tail.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a hot backup (LMDB copy plus journal tail) that a server starts from.",
        discussion: "The server creates the folder NAME in its backup folder (--backup-dir) on its own host and prints where. NAME is a new plain name (letters, digits, . _ -), never a path. Start from it with: esprit-server --data-dir BACKUP_DIR/NAME"
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var admin: AdminOptions

    @Argument(help: "The new backup's folder name, such as nightly-2026-12-02.")
    var name: String

    func run() async throws {
        try await admin.withAdminClient(connection) { client in
            let backup = try await client.backup(directory: name)
            print("backup in \(backup.directory): checkpoint LSN \(backup.checkpointLsn), \(backup.segments) journal segments, \(backup.bytes) bytes")
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
