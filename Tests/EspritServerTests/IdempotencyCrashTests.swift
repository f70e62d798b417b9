import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// The case idempotency keys exist for: the server commits a change and dies before the
/// client reads its answer. The real binary is SIGKILLed once the keyed QUEST is durable
/// (a second connection sees it), restarted on the same data, and the retry under the same
/// key answers what was committed, with no second effect. The restart rebuilds the key from
/// the journal: nothing was checkpointed after the quest.
@Suite struct IdempotencyCrashTests {
    @Test(.timeLimit(.minutes(2))) func aRetryAfterAKillBetweenCommitAndReplyGetsTheOriginalAnswer() async throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let dataDirectory = folder.path + "/data"
        let logPath = folder.path + "/server.log"
        let adminKey = "idempotency-crash-key"
        let key = Array("after-the-crash".utf8)
        let server = try await ServerProcess(dataDirectory: dataDirectory, adminKey: adminKey, logPath: logPath, extraArguments: ["--checkpoint-interval", "3600"])
        let setup = try await EspritClient.connect(host: "127.0.0.1", port: server.port)
        let player = try await setup.register(name: "Crashed")
        _ = try await setup.login(playerId: player.playerId, token: player.token)
        let energyBefore = try await setup.profile().energy

        let raw = try RawConnection(port: server.port)
        raw.sendHello(version: ProtocolVersion.v2)
        guard case .welcome = try raw.readFrame() else { throw RawConnectionError.unexpectedAnswer("WELCOME") }
        raw.send(.request(RequestFrame(requestId: 1, request: LoginRequest(playerId: player.playerId, token: player.token))))
        guard case .response = try raw.readFrame() else { throw RawConnectionError.unexpectedAnswer("LOGIN") }
        raw.send(.request(RequestFrame(requestId: 2, idempotencyKey: key, request: QuestRequest(zone: 1))))
        // A read waits for the player's newest change to be durable: once it shows the quest,
        // the quest is on disk, whatever became of its answer.
        var committed = try await setup.profile()
        for _ in 0..<200 where committed.energy == energyBefore {
            try await Task.sleep(for: .milliseconds(10))
            committed = try await setup.profile()
        }
        #expect(committed.energy < energyBefore, "the quest was committed")
        server.kill()
        await setup.close()
        // The first answer, if it reached this socket before the kill.
        let firstAnswer: [WireEvent]? = {
            guard case let .response(answer)? = try? raw.readFrame() else { return nil }
            return (answer.response as? EventsResponse)?.events
        }()

        let restarted = try await ServerProcess(port: server.port, dataDirectory: dataDirectory, adminKey: adminKey, logPath: logPath)
        let client = try await EspritClient.connect(host: "127.0.0.1", port: restarted.port)
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let retried = try await client.send(QuestRequest(zone: 1), idempotencyKey: key).events
        if let firstAnswer { #expect(retried == firstAnswer) }
        // Compared by xp and balances, which do not regenerate while the test runs.
        let quest = retried.compactMap { event -> Int64? in
            if case let .questCompleted(_, _, xpAfter, _, _) = event { return xpAfter }
            return nil
        }
        #expect(quest == [committed.xp], "the retry answers what was committed: \(retried)")
        let after = try await client.profile()
        #expect(after.xp == committed.xp && after.balances == committed.balances, "no second effect")
        await client.close()
        _ = restarted.terminate()
    }
}
