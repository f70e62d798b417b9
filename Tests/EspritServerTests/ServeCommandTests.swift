import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// `esprit-server serve`'s flags, passed as an operator would.
@Suite struct ServeCommandTests {
    @Test(arguments: [1, 3]) func eventLoopsSetsTheServersEventLoopThreads(loops: Int) async throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let server = try await ServerProcess(
            dataDirectory: folder.path + "/data", adminKey: "loops", logPath: folder.path + "/server.log",
            extraArguments: ["--event-loops", "\(loops)", "--shards", "4"]
        )
        defer { _ = server.terminate() }
        #expect(server.threadNames.filter { $0.hasPrefix("NIO-ELT-") }.count == loops)
        let log = try String(contentsOfFile: folder.path + "/server.log", encoding: .utf8)
        #expect(log.contains("eventLoops=\(loops)"))

        // Four shards on these loops serve players of every shard.
        let player = try await EspritClient.connect(host: "127.0.0.1", port: server.port, clientName: "loops")
        let admin = try await EspritClient.connect(host: "127.0.0.1", port: server.port, clientName: "admin")
        try await admin.adminLogin(key: "loops")
        var registered: [RegisterResponse] = []
        for index in 0..<4 {
            registered.append(try await player.register(name: "Looper\(index)"))
        }
        #expect(Set(registered.map { $0.playerId % 4 }).count == 4, "one player per shard")
        for (index, account) in registered.enumerated() {
            let grant = try await admin.grant(playerId: account.playerId, currency: Currency.lumees.rawValue, amount: Int64(index + 1))
            #expect(grant.balance == 1_000 + Int64(index + 1))
        }
        let last = registered[3]
        _ = try await player.login(playerId: last.playerId, token: last.token)
        #expect(try await player.profile().balances[Int(Currency.lumees.rawValue)].amount == 1_004)
    }

    @Test func aNumberOfEventLoopsOutOfRangeStopsStartUp() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let flag = try ToolRun.run(ServerProcess.binary, ["--port", "0", "--data-dir", folder.path, "--event-loops", "0"])
        #expect(flag.status != 0)
        #expect(flag.errors.contains("--event-loops"))
        let variable = try ToolRun.run(ServerProcess.binary, ["--port", "0", "--data-dir", folder.path], environment: ["ESPRIT_EVENT_LOOPS": "2000"])
        #expect(variable.status == 1)
        #expect(variable.errors.contains("ESPRIT_EVENT_LOOPS: must be an integer from 1 to 1024, got \"2000\""))
    }

    /// The rate limits' flags and variables are checked like every other setting.
    @Test func rateLimitsOutOfRangeStopStartUp() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let flag = try ToolRun.run(ServerProcess.binary, ["--port", "0", "--data-dir", folder.path, "--player-changes-per-second=-1"])
        #expect(flag.status != 0)
        #expect(flag.errors.contains("--player-changes-per-second must be 0–1000000000, got -1"))
        let variable = try ToolRun.run(ServerProcess.binary, ["--port", "0", "--data-dir", folder.path], environment: ["ESPRIT_REGISTRATION_BURST": "0"])
        #expect(variable.status == 1)
        #expect(variable.errors.contains("ESPRIT_REGISTRATION_BURST"))
    }

    /// `--idempotency-keys-per-player 1`: a second key pushes the first out, so the first key
    /// sent again is a new change.
    @Test func idempotencyKeysPerPlayerBoundsWhatIsKept() async throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let server = try await ServerProcess(
            dataDirectory: folder.path + "/data", adminKey: "keys", logPath: folder.path + "/server.log",
            extraArguments: ["--idempotency-keys-per-player", "1"]
        )
        defer { _ = server.terminate() }
        let client = try await EspritClient.connect(host: "127.0.0.1", port: server.port)
        let player = try await client.register(name: "Forgetful")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let first = Array("first".utf8)
        _ = try await client.send(QuestRequest(zone: 1), idempotencyKey: first)
        #expect(try await client.send(QuestRequest(zone: 1), idempotencyKey: first).events.isEmpty == false)
        #expect(try await client.profile().xp == 10, "still kept: the retry changed nothing")
        _ = try await client.send(QuestRequest(zone: 1), idempotencyKey: Array("second".utf8))
        _ = try await client.send(QuestRequest(zone: 1), idempotencyKey: first)
        #expect(try await client.profile().xp == 30, "pushed out by the second key: the first ran again")
        await client.close()

        let variable = try ToolRun.run(ServerProcess.binary, ["--port", "0", "--data-dir", folder.path + "/other"], environment: ["ESPRIT_IDEMPOTENCY_RETENTION_MS": "0"])
        #expect(variable.status == 1)
        #expect(variable.errors.contains("ESPRIT_IDEMPOTENCY_RETENTION_MS"))
    }
}
