import EspritClient
import EspritGame
import EspritProtocol
@testable import EspritServer
import Foundation
import NIOCore
import Testing

/// `SUBSCRIBE` pushes every change of the player, from any source, once durable and in LSN
/// order; a reconnect resumes from the last LSN seen, or is told to reload.
@Suite struct SubscribeOperationTests {
    /// A client registered as a new player, logged in and subscribed, and where its pushes start.
    private func subscribedPlayer(on server: TestServer, name: String) async throws -> (EspritClient, RegisterResponse, SubscribeResponse) {
        let client = try await server.client()
        let player = try await client.register(name: name)
        _ = try await client.login(playerId: player.playerId, token: player.token)
        return (client, player, try await client.subscribe())
    }

    /// A v2 connection of its own, registered and logged in as a new player.
    private func rawPlayer(on server: TestServer, name: String) throws -> RawConnection {
        let raw = try RawConnection(port: server.port)
        raw.sendHello(version: ProtocolVersion.v2)
        _ = try raw.readFrame()
        try raw.registerAndLogIn(name: name)
        return raw
    }

    @Test func aSubscriberSeesEveryChangeFromEverySourceInLSNOrder() async throws {
        let server = try await TestServer.start()
        let (subscriber, player, start) = try await subscribedPlayer(on: server, name: "Watcher")
        #expect(start.reload, "nothing to resume from: read the state")

        let admin = try await server.adminClient()
        for amount in 1...3 {
            _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: Int64(amount))
        }
        let quest = try await subscriber.quest(zone: 1)
        let pushes = await subscriber.nextPushes(3 + quest.count)
        #expect(pushes.count == 3 + quest.count, "\(pushes.map { ($0.lsn, $0.eventType) }) quest \(quest.map(\.type))")
        #expect(try pushes.prefix(3).map { try $0.balanceAfter() } == [1_001, 1_003, 1_006], "the gifts, in order")
        #expect(try pushes.dropFirst(3).compactMap { try WireEvent.decode(type: $0.eventType, data: $0.data) } == quest, "its own change too: \(pushes.map { ($0.lsn, $0.eventType) }) quest \(quest)")
        #expect(pushes.map(\.lsn) == pushes.map(\.lsn).sorted() && pushes[0].lsn > start.lsn)
        #expect(Set(pushes.dropFirst(3).map(\.lsn)).count == 1, "one commit, one LSN")
        await admin.close()
        await subscriber.close()
        try await server.stopAndRemove()
    }

    /// Two `SUBSCRIBE`s sent at once: the second replaces the first, and no event comes twice.
    @Test func aSecondSubscribeSentAtOnceReplacesTheFirstWithoutRepeatingAnEvent() async throws {
        let server = try await TestServer.start()
        let raw = try rawPlayer(on: server, name: "Twice")
        let admin = try await server.adminClient()
        let first = try await admin.grant(playerId: 1, currency: Currency.lumees.rawValue, amount: 1)
        raw.send(.request(RequestFrame(requestId: 1, request: SubscribeRequest(fromLsn: 0))))
        raw.send(.request(RequestFrame(requestId: 2, request: SubscribeRequest(fromLsn: 0))))
        var answered = 0
        while answered < 2, let frame = try raw.readFrame() {
            guard case let .response(answer) = frame, answer.response is SubscribeResponse else {
                Issue.record("\(frame) before both SUBSCRIBE answers")
                break
            }
            answered += 1
        }
        for amount in [2, 3, 4] as [Int64] {
            _ = try await admin.grant(playerId: 1, currency: Currency.lumees.rawValue, amount: amount)
        }
        var balances: [Int64] = []
        while balances.last != first.balance + 9, let frame = try raw.readFrame() {
            guard case let .event(push) = frame, let balance = try push.balanceAfter() else { continue }
            balances.append(balance)
        }
        #expect(balances == [first.balance + 2, first.balance + 5, first.balance + 9], "each gift once, in order")
        await admin.close()
        try await server.stopAndRemove()
    }

    @Test func aReconnectResumesFromTheLastLSNSeenOrIsToldToReload() async throws {
        var configuration = PushSettings()
        configuration.historyCommits = 2
        let server = try await TestServer.start(push: configuration)
        let (first, player, _) = try await subscribedPlayer(on: server, name: "Roamer")
        let admin = try await server.adminClient()
        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1)
        let seen = try #require(await first.nextPushes(1).last).lsn
        await first.close()

        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 2)
        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 3)
        let second = try await server.client(loggedInAs: player)
        let resumed = try await second.subscribe(fromLsn: seen)
        #expect(!resumed.reload && resumed.lsn == seen)
        let missed = await second.nextPushes(2)
        #expect(try missed.map { try $0.balanceAfter() } == [1_003, 1_006], "the two grants made while it was away")
        #expect(missed.count == 2 && missed[0].lsn > seen && missed[1].lsn > missed[0].lsn, "each with its own commit's LSN")
        await second.close()

        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 4)
        let third = try await server.client(loggedInAs: player)
        let tooOld = try await third.subscribe(fromLsn: seen)
        #expect(tooOld.reload, "three commits since, two kept: reload")
        #expect(try await third.profile().balances[Int(Currency.lumees.rawValue)].amount == 1_010)
        await third.close()
        await admin.close()
        try await server.stopAndRemove()
    }

    /// After a restart the server keeps no commits from before it: a client that saw the last
    /// one resumes, one that missed some is told to reload; pushes go on either way.
    @Test func aResumeAcrossARestart() async throws {
        let server = try await TestServer.start()
        let (client, player, _) = try await subscribedPlayer(on: server, name: "Restarted")
        let admin = try await server.adminClient()
        _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 5)
        let seen = try #require(await client.nextPushes(1).last).lsn
        await client.close()
        await admin.close()
        try await server.stop()

        let restarted = try await TestServer.start(folder: server.folder)
        let again = try await restarted.client(loggedInAs: player)
        let resumed = try await again.subscribe(fromLsn: seen)
        #expect(!resumed.reload && resumed.lsn == seen)
        let other = try await restarted.client(loggedInAs: player)
        #expect(try await other.subscribe(fromLsn: seen - 1).reload)
        let granting = try await restarted.adminClient()
        _ = try await granting.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 7)
        #expect(try await again.nextPushes(1).map { try $0.balanceAfter() } == [1_012])
        #expect(try await other.nextPushes(1).map { try $0.balanceAfter() } == [1_012])
        for connection in [again, other, granting] { await connection.close() }
        try await restarted.stopAndRemove()
    }

    /// After `UNSUBSCRIBE`, and after a `LOGIN` as another player, a change of the player
    /// pushes nothing: the next frame the connection gets is the answer to its next request.
    @Test func unsubscribeAndALoginAsAnotherPlayerEndThePushes() async throws {
        let server = try await TestServer.start()
        let raw = try rawPlayer(on: server, name: "Quitter")
        let admin = try await server.adminClient()
        let other = try await admin.register(name: "Other")
        let lumees = Currency.lumees.rawValue

        for (requestId, end) in [(UInt32(2), UnsubscribeRequest() as any WireRequest), (4, LoginRequest(playerId: other.playerId, token: other.token))] {
            raw.send(.request(RequestFrame(requestId: requestId - 1, request: SubscribeRequest(fromLsn: 0))))
            guard case .response? = try raw.readFrame() else { throw RawConnectionError.unexpectedAnswer("SUBSCRIBE") }
            _ = try await admin.grant(playerId: 1, currency: lumees, amount: 1)
            guard case .event? = try raw.readFrame() else { throw RawConnectionError.unexpectedAnswer("EVENT") }
            raw.send(.request(RequestFrame(requestId: requestId, request: end)))
            guard case let .response(ended)? = try raw.readFrame() else { throw RawConnectionError.unexpectedAnswer("the end") }
            #expect(ended.requestId == requestId)
            _ = try await admin.grant(playerId: 1, currency: lumees, amount: 1)
            raw.send(.request(RequestFrame(requestId: 99, request: GetCatalogRequest())))
            guard case let .response(next)? = try raw.readFrame() else { throw RawConnectionError.unexpectedAnswer("GET_CATALOG") }
            #expect(next.requestId == 99, "no EVENT after \(type(of: end).opcode.name)")
        }
        await admin.close()
        try await server.stopAndRemove()
    }

    @Test func v1HasNoSubscribe() async throws {
        let server = try await TestServer.start()
        let client = try await EspritClient.connect(host: "127.0.0.1", port: server.port, version: ProtocolVersion.v1)
        let player = try await client.register(name: "Older")
        _ = try await client.login(playerId: player.playerId, token: player.token)
        let refusal = await rejection { _ = try await client.subscribe() }
        #expect(refusal?.details == .validation(field: "opcode", reason: "unknown opcode 16"))
        await client.close()
        try await server.stopAndRemove()
    }
}
