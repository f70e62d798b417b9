import EspritClient
import EspritProtocol
import NIOCore
import Testing

/// Requests for shards on another loop cross in batches; those for one shard still run in the
/// order they were sent.
@Suite struct ShardCourierTests {
    @Test func grantsPipelinedToPlayersOfBothLoopsRunInOrderPerPlayer() async throws {
        let (server, setup, raw) = try await serverWithPlayersOnBothLoops()
        let crossingsBefore = server.server.statistics.shardCrossings
        let batchesBefore = server.server.statistics.crossingBatches
        let grants = 400
        sendBurst((0..<grants).map { AdminGrantRequest(playerId: UInt64($0 % 2 + 1), currency: 0, amount: 1) }, on: raw)
        var balances: [UInt64: [(requestId: UInt32, balance: Int64)]] = [:]
        for _ in 0..<grants {
            guard case let .response(frame) = try raw.readFrame(), let granted = frame.response as? AdminGrantResponse else {
                Issue.record("a grant was not answered with its balance")
                return
            }
            balances[granted.playerId, default: []].append((frame.requestId, granted.balance))
        }
        for (_, answers) in balances {
            let inRequestOrder = answers.sorted { $0.requestId < $1.requestId }.map(\.balance)
            #expect(inRequestOrder == Array(1_001...Int64(1_000 + grants / 2)))
        }
        #expect(server.server.statistics.shardCrossings - crossingsBefore == grants / 2)
        // One burst, taken 64 frames per loop turn: the 200 crossings leave in a few batches,
        // not one wake-up each.
        let batches = server.server.statistics.crossingBatches - batchesBefore
        #expect(batches >= 1 && batches * 4 <= grants / 2, "\(batches) batches")
        await setup.close()
        try await server.stopAndRemove()
    }

    /// Crossed answers come home with the next commit's wake-up; one that reflects nothing
    /// journaled, or only what is durable already, must not wait for a commit that may never come.
    @Test func aCrossedAnswerWithNothingToWaitForLeavesWithoutACommit() async throws {
        let (server, setup, raw) = try await serverWithPlayersOnBothLoops()
        let crossingsBefore = server.server.statistics.shardCrossings
        // Unknown players of both shards, then a grant of more than the cap to a known player
        // of each: refusals at LSN 0 and at each player's durable LSN, and nothing to commit.
        let requests = [
            AdminGrantRequest(playerId: 1_001, currency: 0, amount: 1), AdminGrantRequest(playerId: 1_002, currency: 0, amount: 1),
            AdminGrantRequest(playerId: 1, currency: 0, amount: .max), AdminGrantRequest(playerId: 2, currency: 0, amount: .max),
        ]
        sendBurst(requests, on: raw)
        var codes: [UInt32: ErrorCode] = [:]
        for _ in requests {
            guard case let .error(frame) = try raw.readFrame() else {
                Issue.record("a refused grant was not answered with an error")
                return
            }
            codes[frame.requestId] = frame.error.code
        }
        #expect(codes == [1: .notFound, 2: .notFound, 3: .validation, 4: .validation])
        #expect(server.server.statistics.shardCrossings - crossingsBefore == 2)
        await setup.close()
        try await server.stopAndRemove()
    }

    /// A server with two shards, a player on each (ids 1 and 2, on different loops) and an
    /// admin connection: whichever loop the connection is on, requests for one player cross.
    private func serverWithPlayersOnBothLoops() async throws -> (TestServer, EspritClient, RawConnection) {
        let server = try await TestServer.start(shards: 2)
        let setup = try await server.client()
        for name in ["Odd", "Even"] { _ = try await setup.register(name: name) }
        let raw = try RawConnection(port: server.port)
        raw.sendHello()
        _ = try raw.readFrame()
        try raw.adminLogIn(key: TestServer.adminKey)
        return (server, setup, raw)
    }

    /// Sends `requests` in one write, with request ids 1, 2, … in order.
    private func sendBurst(_ requests: [AdminGrantRequest], on raw: RawConnection) {
        var burst = ByteBuffer()
        for (index, request) in requests.enumerated() {
            ClientFrame.request(RequestFrame(requestId: UInt32(index + 1), request: request)).encode(into: &burst)
        }
        raw.send(Array(burst.readableBytesView))
    }
}
