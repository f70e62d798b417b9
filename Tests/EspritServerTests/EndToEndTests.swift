import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import NIOCore
import Testing

/// The server over TCP, through the client library, as a game client and an operator use it.
@Suite struct EndToEndTests {
    @Test func registerLoginReadProfileAndGrant() async throws {
        let server = try await TestServer.start()
        let player = try await server.client()
        let registered = try await player.register(name: "Ayla")
        #expect(registered.playerId == 1)
        #expect(registered.token.count == 32)
        #expect(try await player.login(playerId: 1, token: registered.token).playerId == 1)
        let profile = try await player.profile()
        #expect(profile.name == "Ayla")
        #expect(profile.level == 1)
        #expect(profile.energy == 50)
        #expect(profile.maxEnergy == 50)
        #expect(profile.balances.map(\.currency) == Currency.allCases.map(\.rawValue))
        #expect(profile.balances.first { $0.currency == Currency.lumees.rawValue }?.amount == 1_000)
        #expect(profile.balances.first { $0.currency == Currency.revies.rawValue }?.amount == 50)

        let admin = try await server.adminClient()
        let granted = try await admin.grant(playerId: 1, currency: Currency.lumees.rawValue, amount: 250)
        #expect(granted == AdminGrantResponse(playerId: 1, currency: 0, balance: 1_250))
        #expect(try await player.profile().balances[0].amount == 1_250)
        #expect(try await admin.register(name: "Brann").playerId == 2)
        await player.close()
        await admin.close()
        try await server.stopAndRemove()
    }

    @Test func namesAreUniqueIgnoringCase() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        _ = try await client.register(name: "Ayla")
        let error = await rejection { _ = try await client.register(name: "aYLA") }
        #expect(error?.details == .validation(field: "name", reason: "aYLA is already taken"))
        let malformed = await rejection { _ = try await client.register(name: "no spaces") }
        #expect(malformed?.code == .validation)
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func theClientRefusesArgumentsTheProtocolCannotCarry() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        await #expect(throws: EspritClientError.invalidArgument(field: "name", reason: "70000 bytes is more than the 65535 the protocol carries")) {
            _ = try await client.register(name: String(repeating: "a", count: 70_000))
        }
        await #expect(throws: EspritClientError.invalidArgument(field: "correlationId", reason: "longer than 64 bytes")) {
            _ = try await client.register(name: "Ayla", correlationId: String(repeating: "c", count: 65))
        }
        #expect(try await client.register(name: "Ayla").playerId == 1)
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func playerOperationsNeedAValidLogin() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let registered = try await client.register(name: "Ayla")
        #expect(await rejection { _ = try await client.profile() }?.details == .unauthorized)
        var wrongToken = registered.token
        wrongToken[0] ^= 1
        #expect(await rejection { _ = try await client.login(playerId: 1, token: wrongToken) }?.details == .unauthorized)
        #expect(await rejection { _ = try await client.login(playerId: 77, token: registered.token) }?.details == .unauthorized)
        #expect(await rejection { _ = try await client.profile() }?.details == .unauthorized)
        await client.close()
        try await server.stopAndRemove()
    }

    @Test func adminOperationsNeedTheAdminKey() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        _ = try await client.register(name: "Ayla")
        #expect(await rejection { _ = try await client.grant(playerId: 1, currency: 0, amount: 5) }?.details == .unauthorized)
        #expect(await rejection { try await client.adminLogin(key: "wrong") }?.details == .unauthorized)
        try await client.adminLogin(key: TestServer.adminKey)
        #expect(await rejection { _ = try await client.grant(playerId: 9, currency: 0, amount: 5) }?.details == .notFound(entity: "player", id: "9"))
        #expect(await rejection { _ = try await client.grant(playerId: 1, currency: 42, amount: 5) }?.details == .validation(field: "currency", reason: "unknown currency code 42"))
        #expect(await rejection { _ = try await client.grant(playerId: 1, currency: 0, amount: 0) }?.code == .validation)
        #expect(await rejection { _ = try await client.grant(playerId: 1, currency: 0, amount: 1_000_000_000_000) }?.details == .limitReached(limit: 1_000_000_000_000, value: 1_000_000_001_000))
        await client.close()
        try await server.stopAndRemove()

        let keyless = try await TestServer.start(adminKey: nil)
        let other = try await keyless.client()
        let refused = await rejection { try await other.adminLogin(key: "") }
        #expect(refused?.details == .unauthorized)
        #expect(refused?.message.contains("no admin key") == true)
        await other.close()
        try await keyless.stopAndRemove()
    }

    /// Many requests in flight on one connection: each answer finds its request, and a LOGIN
    /// pipelined before a GET_PROFILE takes effect first.
    @Test func pipelinedRequestsAreAnsweredByRequestId() async throws {
        let server = try await TestServer.start()
        let setup = try await server.client()
        var tokens: [UInt64: [UInt8]] = [:]
        for index in 0..<4 {
            let registered = try await setup.register(name: "Player\(index)")
            tokens[registered.playerId] = registered.token
        }
        let admin = try await server.adminClient()
        let balances = try await withThrowingTaskGroup(of: AdminGrantResponse.self) { group in
            for index in 0..<200 {
                group.addTask { try await admin.grant(playerId: UInt64(index % 4 + 1), currency: 0, amount: Int64(index + 1)) }
            }
            return try await group.reduce(into: [UInt64: Int64]()) { $0[$1.playerId] = max($0[$1.playerId] ?? 0, $1.balance) }
        }
        for player in 1...4 {
            let granted = stride(from: player, through: 200, by: 4).reduce(0, +)
            #expect(balances[UInt64(player)] == 1_000 + Int64(granted))
        }
        let raw = try RawConnection(port: server.port)
        raw.sendHello()
        _ = try raw.readFrame()
        var bytes = ByteBuffer()
        ClientFrame.request(RequestFrame(requestId: 1, request: LoginRequest(playerId: 3, token: tokens[3]!))).encode(into: &bytes)
        ClientFrame.request(RequestFrame(requestId: 2, request: GetProfileRequest())).encode(into: &bytes)
        raw.send(Array(bytes.readableBytesView))
        var answers: [UInt32: any WireMessage] = [:]
        for _ in 0..<2 {
            if case let .response(response) = try raw.readFrame() { answers[response.requestId] = response.response }
        }
        #expect(answers[1] as? LoginResponse == LoginResponse(playerId: 3))
        guard let profile = answers[2] as? ProfileResponse else {
            Issue.record("GET_PROFILE pipelined behind LOGIN was not answered with a profile")
            return
        }
        #expect(profile.playerId == 3)
        for client in [setup, admin] { await client.close() }
        try await server.stopAndRemove()
    }

    @Test func aRestartKeepsPlayersBalancesAndTheIdSequence() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let registered = try await client.register(name: "Ayla")
        let admin = try await server.adminClient()
        _ = try await admin.grant(playerId: 1, currency: Currency.shards(.light).rawValue, amount: 33)
        await client.close()
        await admin.close()
        try await server.stop()

        let restarted = try await TestServer.start(folder: server.folder)
        let again = try await restarted.client()
        _ = try await again.login(playerId: 1, token: registered.token)
        let profile = try await again.profile()
        #expect(profile.name == "Ayla")
        #expect(profile.balances.first { $0.currency == Currency.shards(.light).rawValue }?.amount == 33)
        #expect(try await again.register(name: "Brann").playerId == 2)
        #expect(await rejection { _ = try await again.register(name: "AYLA") }?.code == .validation)
        await again.close()
        try await restarted.stopAndRemove()
    }
}
