import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// A server at its descriptor limit: strangers holding every connection they may have, more
/// knocking, and the journal still rotating its segments and answering a logged-in player.
/// Today's main exited 74 here: the journal could not open its next segment (EMFILE).
@Suite struct DescriptorLimitTests {
    @Test func connectionsNeverTakeTheDescriptorsTheJournalNeeds() async throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let limit = 320
        let server = try await ServerProcess(
            dataDirectory: folder.path + "/data", adminKey: "descriptors", logPath: folder.path + "/server.log",
            extraArguments: ["--journal-segment-bytes", "4096", "--handshake-timeout-ms", "60000", "--max-connections-per-address", "100000"],
            descriptorLimit: limit
        )
        let player = try await EspritClient.connect(host: "127.0.0.1", port: server.port, clientName: "player")
        let admin = try await EspritClient.connect(host: "127.0.0.1", port: server.port, clientName: "admin")
        try await admin.adminLogin(key: "descriptors")
        let registered = try await player.register(name: "Steady")
        _ = try await player.login(playerId: registered.playerId, token: registered.token)

        // Strangers take every connection the cap allows, and more keep knocking.
        var strangers: [RawConnection] = []
        var refused = 0
        for _ in 0..<(limit + 100) {
            let connection = try RawConnection(port: server.port)
            connection.sendHello()
            switch try connection.readFrame() {
            case .welcome: strangers.append(connection)
            case let .close(error):
                #expect(error.code == .limitReached)
                refused += 1
            default: Issue.record("a stranger got neither WELCOME nor CLOSE")
            }
        }
        #expect(refused >= 100, "the cap must sit below the descriptor limit")
        #expect(strangers.count + 2 <= limit - 256, "the cap keeps 256 descriptors for the server")

        // The journal rotates many 4 KiB segments while the strangers hold their connections.
        for round in 0..<300 {
            _ = try await admin.grant(playerId: registered.playerId, currency: Currency.lumees.rawValue, amount: 1)
            if round % 50 == 0 { _ = try await player.profile() }
        }
        #expect(server.isRunning)
        let segments = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/data/journal").filter { $0.hasSuffix(".wal") }
        #expect(segments.count > 3, "segments rotated at the limit")
        #expect(try await player.profile().balances[Int(Currency.lumees.rawValue)].amount == 1_000 + 300)

        // Once strangers leave, new connections are accepted again.
        strangers.removeAll()
        var accepted = false
        for _ in 0..<100 where !accepted {
            let connection = try RawConnection(port: server.port)
            connection.sendHello()
            if case .welcome = try connection.readFrame() {
                accepted = true
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(accepted)
        await player.close()
        await admin.close()
        #expect(server.terminate() == 0)
        let log = (try? String(contentsOfFile: folder.path + "/server.log", encoding: .utf8)) ?? ""
        #expect(log.contains("--max-connections lowered"))
        #expect(log.contains("file descriptor limit"))
    }
}
