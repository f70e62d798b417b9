import ArgumentParser
import EspritServer
import EspritStorage
import Foundation
import Logging

/// `esprit-server restore --from SNAPSHOT --data-dir DIR`: a new data directory from a snapshot,
/// after checking the snapshot against its manifest's SHA-256.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Build a new data directory from a snapshot (checked against its manifest first)."
    )

    @Option(help: "The snapshot file (its manifest is FILE.manifest.json).")
    var from: String

    @Option(help: "The data directory to create; it must not hold a checkpoint or a journal yet.")
    var dataDir: String

    func run() throws {
        var configuration = ServerConfiguration()
        configuration.dataDirectory = dataDir
        let logger = Logger(label: "esprit-server")
        do {
            let manifest = try SnapshotRestore.restore(snapshot: from, into: configuration, logger: logger)
            print("restored \(manifest.players) players as of LSN \(manifest.lsn) into \(dataDir)")
        } catch {
            FileHandle.standardError.write(Data("esprit-server: restore refused: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
