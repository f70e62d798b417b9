import EspritClient
import EspritGame
import EspritProtocol
@testable import EspritServer
import NIOCore
import Testing

/// A subscriber that stops reading is cut off, with `CLOSE` saying why, before the server
/// holds more than `maxUnsentEventBytes` for it; the server goes on serving everyone else.
@Suite struct SubscriberCutOffTests {
    @Test(.timeLimit(.minutes(2))) func aSubscriberThatDoesNotReadIsCutOffWithTheReason() async throws {
        var limits = TestServer.limits
        limits.maxUnsentEventBytes = 64 << 10
        // Without it the kernel would take megabytes of events before the server held any.
        limits.socketSendBufferBytes = 8 << 10
        let server = try await TestServer.start(limits: limits)
        let subscriber = try RawConnection(port: server.port, receiveBufferBytes: 4_096)
        subscriber.sendHello(version: ProtocolVersion.v2)
        _ = try subscriber.readFrame()
        try subscriber.registerAndLogIn(name: "Sleeper")
        subscriber.send(.request(RequestFrame(requestId: 1, request: SubscribeRequest(fromLsn: 0))))
        guard case let .response(answer)? = try subscriber.readFrame(), answer.response is SubscribeResponse else {
            Issue.record("SUBSCRIBE was not answered")
            return
        }

        // Gifts the subscriber never reads, until the server cuts it off.
        let admin = try await server.adminClient()
        let statistics = server.server.statistics
        let granting = Task { () throws -> Int in
            var grants = 0
            while statistics.subscribersCutOff == 0, grants < 60_000 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<100 {
                        group.addTask { _ = try await admin.grant(playerId: 1, currency: Currency.lumees.rawValue, amount: 1) }
                    }
                    try await group.waitForAll()
                }
                grants += 100
            }
            return grants
        }
        // Read as soon as it is cut off: the server closes the connection a second after its
        // CLOSE, read or not, and a loaded machine may take longer to finish the gifts.
        for _ in 0..<12_000 where statistics.subscribersCutOff == 0 {
            try await Task.sleep(for: .milliseconds(5))
        }
        var events = 0
        var last: ServerFrame?
        while let frame = try? subscriber.readFrame() {
            if case .event = frame { events += 1 }
            last = frame
        }
        let grants = try await granting.value
        #expect(statistics.subscribersCutOff == 1, "cut off after \(grants) gifts")
        #expect(last == .close(WireError(message: closeMessage(last), details: .limitReached(limit: 64 << 10, value: limitValue(last)))))
        #expect(events < grants, "the server stopped pushing at the cut-off")
        #expect(try await admin.grant(playerId: 1, currency: Currency.lumees.rawValue, amount: 1).balance == 1_001 + Int64(grants))
        await admin.close()
        try await server.stopAndRemove()
    }

    private func closeMessage(_ frame: ServerFrame?) -> String {
        guard case let .close(error)? = frame, error.message.hasPrefix("events are not being read: ") else { return "a CLOSE about unread events" }
        return error.message
    }

    private func limitValue(_ frame: ServerFrame?) -> Int64 {
        guard case let .close(error)? = frame, case let .limitReached(_, value) = error.details, value > 64 << 10 else { return -1 }
        return value
    }
}
