import EspritGame
import EspritProtocol
@testable import EspritServer
@testable import EspritStorage
import Foundation
import Synchronization
import Testing

/// The journal's group commit measures its batches against the clients waiting for an answer
/// (``Journal/gatherTarget(lastBatch:waitingClients:)``): a connection counts while it has a
/// request in flight, and not while it only reads pushed events or sits idle. Counting every
/// connection made subscribers stop the gathering under load; a count that missed a connection
/// closed mid-request would stay high forever and stop it too.
@Suite struct WaitingClientsTests {
    /// Polls until the journal counts `expected` waiting clients; false after five seconds.
    private func counts(_ expected: Int, on server: TestServer) async throws -> Bool {
        for _ in 0..<500 {
            if server.server.journal.clientsWaiting == expected { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test(.timeLimit(.minutes(1)))
    func onlyConnectionsWithARequestInFlightCountAndAClosedOneStops() async throws {
        let writesHeld = Atomic<Bool>(false)
        // Two loops: the writer thread writes, so a held write leaves the loops free to serve.
        let server = try await TestServer.start(
            journalFault: { point in
                while point == .write, writesHeld.load(ordering: .relaxed) { usleep(1_000) }
                return nil
            },
            eventLoops: 2
        )
        let subscriber = try await server.client()
        let player = try await subscriber.register(name: "Reader")
        _ = try await subscriber.login(playerId: player.playerId, token: player.token)
        _ = try await subscriber.subscribe()
        let raw = try RawConnection(port: server.port)
        raw.sendHello()
        _ = try raw.readFrame()
        try raw.adminLogIn(key: TestServer.adminKey)
        #expect(try await counts(0, on: server), "every request answered: nobody waits")

        writesHeld.store(true, ordering: .relaxed)
        for requestId in 1...UInt32(3) {
            raw.send(.request(RequestFrame(requestId: requestId, request: AdminGrantRequest(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1))))
        }
        #expect(try await counts(1, on: server), "three grants in flight on one connection: one client waits; the subscriber does not")

        raw.hangUp()
        #expect(try await counts(0, on: server), "a connection gone with its requests in flight waits no more")
        writesHeld.store(false, ordering: .relaxed)
        await subscriber.close()
        try await server.stopAndRemove()
    }
}
