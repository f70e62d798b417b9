import EspritClient
import EspritGame
import Foundation
import Testing

/// `esprit-server inspect` on a stopped server's data directory, and Debian's `mdb_stat` and
/// `mdb_dump` reading the same LMDB environment.
@Suite struct InspectCommandTests {
    @Test func inspectDescribesTheCheckpointAndTheJournal() async throws {
        let server = try await TestServer.start(journalSegmentBytes: 4_096)
        let client = try await server.client()
        for name in ["Ayla", "Brann", "Cyra"] {
            _ = try await client.register(name: name)
        }
        await client.close()
        let admin = try await server.adminClient()
        for _ in 0..<60 {
            _ = try await admin.grant(playerId: 2, currency: Currency.lumees.rawValue, amount: 1)
        }
        await admin.close()
        try await server.stop()
        let data = server.server.configuration.dataDirectory
        let lsn = 3 + 60

        let inspect = try ToolRun.run(ServerProcess.binary, ["inspect", "--data-dir", data])
        #expect(inspect.status == 0)
        #expect(inspect.output.contains("checkpoint: LSN \(lsn), 3 players, "))
        #expect(inspect.output.contains("  players: 3 entries, depth 1"))
        #expect(inspect.output.contains("journal: 1 segments"))
        let segment = try #require(inspect.output.split(separator: "\n").first { $0.hasSuffix(" bytes") && $0.contains(".wal  LSN ") })
        #expect(segment.contains("–\(lsn)  "), "the last segment ends at the last LSN")

        if Self.commandExists("mdb_stat") {
            let stat = try ToolRun.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "mdb_stat -s players '\(data)/lmdb'"])
            #expect(stat.status == 0)
            #expect(stat.output.contains("Entries: 3"))
            let dump = try ToolRun.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "mdb_dump -s meta '\(data)/lmdb'"])
            #expect(dump.status == 0)
            #expect(dump.output.contains(Array("checkpoint_lsn".utf8).map { String(format: "%02x", $0) }.joined()))
        }

        let missing = try ToolRun.run(ServerProcess.binary, ["inspect", "--data-dir", server.folder.path + "/nothing"])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("has no checkpoint"))
        server.folder.remove()
    }

    private static func commandExists(_ name: String) -> Bool {
        (try? ToolRun.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "command -v \(name)"]).status) == 0
    }
}
