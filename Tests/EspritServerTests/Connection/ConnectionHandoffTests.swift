import EspritClient
import EspritProtocol
import NIOCore
import Testing

/// After LOGIN a connection moves to its player's shard loop: requests pipelined behind the
/// LOGIN follow it in order, and from then on its requests never cross to another loop.
@Suite struct ConnectionHandoffTests {
    @Test func requestsPipelinedBehindLoginsFollowTheConnectionToEachPlayersLoop() async throws {
        let server = try await TestServer.start(shards: 2)
        let setup = try await server.client()
        // Players 1 and 2 live on different shards, so on different loops.
        let first = try await setup.register(name: "Odd")
        let second = try await setup.register(name: "Even")
        let connections = 4
        for _ in 0..<connections {
            let raw = try RawConnection(port: server.port)
            raw.sendHello()
            _ = try raw.readFrame()
            // One write: whichever loop accepted the connection, one of the two LOGINs is for a
            // player of the other loop, and the requests behind it must wait for the move.
            var burst = ByteBuffer()
            let requests: [any WireRequest] = [
                LoginRequest(playerId: first.playerId, token: first.token), GetProfileRequest(),
                LoginRequest(playerId: second.playerId, token: second.token), GetProfileRequest(), GetCollectionRequest(),
            ]
            for (index, request) in requests.enumerated() {
                ClientFrame.request(RequestFrame(requestId: UInt32(index + 1), request: request)).encode(into: &burst)
            }
            raw.send(Array(burst.readableBytesView))
            var answers: [UInt32: any WireMessage] = [:]
            for _ in requests {
                guard case let .response(response) = try raw.readFrame() else {
                    Issue.record("a pipelined request was not answered")
                    return
                }
                answers[response.requestId] = response.response
            }
            #expect(answers[1] as? LoginResponse == LoginResponse(playerId: first.playerId))
            guard let firstProfile = answers[2] as? ProfileResponse, let secondProfile = answers[4] as? ProfileResponse else {
                Issue.record("GET_PROFILE behind a LOGIN was not answered with a profile: \(answers)")
                return
            }
            #expect(firstProfile.name == "Odd")
            #expect(secondProfile.name == "Even")
            #expect(answers[3] as? LoginResponse == LoginResponse(playerId: second.playerId))
            guard let collection = answers[5] as? CollectionResponse else {
                Issue.record("GET_COLLECTION after the move was not answered")
                return
            }
            #expect(collection.teamPower == secondProfile.teamPower)

            // Settled on the player's loop: requests no longer cross.
            let crossingsBefore = server.server.statistics.shardCrossings
            for requestId in UInt32(100)..<120 {
                raw.send(.request(RequestFrame(requestId: requestId, request: GetProfileRequest())))
                guard case let .response(response) = try raw.readFrame(), response.response is ProfileResponse else {
                    Issue.record("GET_PROFILE after the move was not answered")
                    return
                }
            }
            #expect(server.server.statistics.shardCrossings == crossingsBefore)
        }
        #expect(server.server.statistics.connectionsHandedOff >= connections)
        await setup.close()
        try await server.stopAndRemove()
    }

    /// An operator who then logs in as players keeps the operator's session wherever the
    /// connection moves.
    @Test func anOperatorSessionSurvivesTheMove() async throws {
        let server = try await TestServer.start(shards: 2)
        let setup = try await server.client()
        let players = [try await setup.register(name: "Odd"), try await setup.register(name: "Even")]
        let client = try await server.adminClient()
        for player in players {
            _ = try await client.login(playerId: player.playerId, token: player.token)
            for target in players {
                #expect(try await client.grant(playerId: target.playerId, currency: 0, amount: 1).playerId == target.playerId)
            }
        }
        #expect(server.server.statistics.connectionsHandedOff >= 1)
        await client.close()
        await setup.close()
        try await server.stopAndRemove()
    }

    @Test func aClientOfTheLibraryKeepsItsConnectionAcrossTheMove() async throws {
        let server = try await TestServer.start(shards: 2)
        let setup = try await server.client()
        let players = [try await setup.register(name: "Odd"), try await setup.register(name: "Even")]
        let client = try await server.client()
        for player in players + players {
            #expect(try await client.login(playerId: player.playerId, token: player.token).playerId == player.playerId)
            #expect(try await client.profile().playerId == player.playerId)
        }
        #expect(server.server.statistics.connectionsHandedOff >= 2)
        await client.close()
        await setup.close()
        try await server.stopAndRemove()
    }
}
