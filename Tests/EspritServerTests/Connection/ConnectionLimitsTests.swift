import EspritClient
import EspritProtocol
import EspritServer
import EspritTestSupport
import Foundation
import NIOCore
import Testing

/// What a stranger may cost: every limit of ``ConnectionLimits`` is enforced on a live server
/// and answered with the `CLOSE` or `ERROR` that `protocol/README.md` gives for it.
@Suite struct ConnectionLimitsTests {
    private func withServer(_ limits: ConnectionLimits, maxFrameBytes: Int? = nil, _ body: (TestServer) async throws -> Void) async throws {
        let server = try await TestServer.start(maxFrameBytes: maxFrameBytes, limits: limits)
        do {
            try await body(server)
        } catch {
            try await server.stopAndRemove()
            throw error
        }
        try await server.stopAndRemove()
    }

    private func expectClose(_ connection: RawConnection, _ details: ErrorDetails, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let frame = try connection.readFrame()
        guard case let .close(error) = frame else {
            Issue.record("expected CLOSE, got \(String(describing: frame))", sourceLocation: sourceLocation)
            return
        }
        #expect(error.details == details, sourceLocation: sourceLocation)
        #expect(try connection.isClosedByServer(), sourceLocation: sourceLocation)
    }

    /// Runs `body` on a thread of its own and waits for it. A client that must ask within a
    /// deadline cannot wait for a turn of the test pool between requests: on 2 cores the
    /// suite's blocking reads have held it for longer than the 4 s idle timeout.
    private func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try body() }) }.start()
        }
    }

    private func helloed(_ port: Int) throws -> RawConnection {
        let connection = try RawConnection(port: port)
        connection.sendHello()
        guard case .welcome = try connection.readFrame() else { throw RawConnectionError.unexpectedAnswer("HELLO") }
        return connection
    }

    @Test func aLargeFrameBeforeHelloIsClosedBeforeItsBodyArrives() async throws {
        try await withServer(ConnectionLimits()) { server in
            let connection = try RawConnection(port: server.port)
            connection.send([0x00, 0x0F, 0xFF, 0xFF])
            try expectClose(connection, .limitReached(limit: 1_024, value: 0x0F_FFFF))
        }
    }

    @Test func framesStaySmallUntilLoginThenTheFullLimitApplies() async throws {
        try await withServer(ConnectionLimits(), maxFrameBytes: 8_192) { server in
            let anonymous = try helloed(server.port)
            anonymous.send([0x00, 0x00, 0x04, 0x01] + Array(repeating: 0, count: 16))
            try expectClose(anonymous, .limitReached(limit: 1_024, value: 1_025))

            let player = try helloed(server.port)
            try player.registerAndLogIn(name: "BigFrames")
            var body = ByteBuffer()
            body.writeInteger(UInt8(3))
            body.writeInteger(UInt32(77))
            body.writeInteger(Opcode.getProfile.rawValue)
            body.writeInteger(UInt16(0))
            body.writeBytes(Array(repeating: 0, count: 4_000))
            player.send(withUnsafeBytes(of: UInt32(body.readableBytes).bigEndian, Array.init) + Array(body.readableBytesView))
            guard case let .error(error) = try player.readFrame() else {
                Issue.record("a 4 KB frame after LOGIN should be read and answered")
                return
            }
            #expect(error.requestId == 77)
            #expect(error.error.code == .validation)
        }
    }

    @Test func aConnectionWithoutHelloIsClosedAtTheHandshakeTimeout() async throws {
        var limits = ConnectionLimits()
        limits.handshakeTimeout = .milliseconds(200)
        try await withServer(limits) { server in
            let connection = try RawConnection(port: server.port)
            try expectClose(connection, .validation(field: "HELLO", reason: "not received within 200 ms"))
        }
    }

    @Test func aFrameThatNeverCompletesIsClosedAtTheFrameTimeout() async throws {
        var limits = ConnectionLimits()
        limits.frameTimeout = .milliseconds(300)
        try await withServer(limits) { server in
            let connection = try helloed(server.port)
            connection.send([0x00, 0x00, 0x00, 0x40, 0x03, 0x00])
            try expectClose(connection, .validation(field: "frame", reason: "incomplete after 300 ms"))
        }
    }

    /// The busy connection asks every 200 ms for 6 s, well past the 4 s idle timeout: only a
    /// stall of 4 s on the test's side could make it look idle.
    @Test func anIdleConnectionIsClosedAndABusyOneIsNot() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = .seconds(4)
        try await withServer(limits) { server in
            let idle = try helloed(server.port)
            let port = server.port
            let closedEarly: String? = try await onOwnThread {
                let busy = try helloed(port)
                for requestId in UInt32(1)...30 {
                    busy.send(.request(RequestFrame(requestId: requestId, request: GetCatalogRequest())))
                    let answer = try busy.readFrame()
                    guard case .response = answer else { return "request \(requestId): \(String(describing: answer))" }
                    Thread.sleep(forTimeInterval: 0.2)
                }
                return nil
            }
            if let closedEarly {
                Issue.record("a connection that keeps asking must stay open (\(closedEarly))")
                return
            }
            try expectClose(idle, .unavailable(reason: "idle for 4000 ms"))
        }
    }

    /// A client that pipelines and never reads its answers is disconnected once its output has
    /// been stuck for the idle timeout: the stream ends (what its own kernel holds may still
    /// arrive, the last answer possibly cut) well before every request was answered.
    @Test(.timeLimit(.minutes(1)))
    func aClientThatReadsNoneOfItsAnswersIsDisconnected() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = .seconds(1)
        try await withServer(limits) { server in
            let connection = try RawConnection(port: server.port, receiveBufferBytes: 4_096)
            connection.sendHello()
            _ = try connection.readFrame()
            try connection.registerAndLogIn(name: "Deaf")
            var burst = ByteBuffer()
            for requestId in 1...UInt32(2_000) {
                ClientFrame.request(RequestFrame(requestId: requestId, request: GetTablesRequest())).encode(into: &burst)
            }
            connection.send(Array(burst.readableBytesView))
            // Events, not time: wait until the server has filled its kernel send queue and
            // stopped writing (its output is stuck), then for the idle timeout to pass.
            var queued = 0
            var unchangedSince = ContinuousClock.now
            while true {
                try await Task.sleep(for: .milliseconds(50))
                // Gone from the table: the server has already closed its end.
                guard let now = connection.serverSendQueue(serverPort: server.port) else { break }
                if now != queued {
                    queued = now
                    unchangedSince = ContinuousClock.now
                } else if queued > 0, ContinuousClock.now - unchangedSince >= .seconds(1) {
                    try await Task.sleep(for: .seconds(2))
                    break
                }
            }
            var answered = 0
            do {
                while case .response = try connection.readFrame() { answered += 1 }
            } catch RawConnectionError.closedMidFrame {
                // The close cut the answer the kernel was holding half of.
            }
            #expect(answered < 2_000, "\(answered) answers arrived before the end of the stream")
        }
    }

    @Test func connectionsPastTheAddressCapAreRefusedUntilOneCloses() async throws {
        var limits = ConnectionLimits()
        limits.maxConnectionsPerAddress = 3
        try await withServer(limits) { server in
            var open = try (0..<3).map { _ in try helloed(server.port) }
            let refused = try RawConnection(port: server.port)
            try expectClose(refused, .limitReached(limit: 3, value: 4))

            open.removeLast()
            // The server counts the close once it sees it: retry until the slot is free.
            var admitted = false
            for _ in 0..<50 where !admitted {
                let next = try RawConnection(port: server.port)
                next.sendHello()
                if case .welcome = try next.readFrame() {
                    admitted = true
                    open.append(next)
                } else {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(admitted)
        }
    }

    @Test func connectionsPastTheServerCapAreRefused() async throws {
        var limits = ConnectionLimits()
        limits.maxConnections = 2
        try await withServer(limits) { server in
            let open = try (0..<2).map { _ in try helloed(server.port) }
            let refused = try RawConnection(port: server.port)
            try expectClose(refused, .limitReached(limit: 2, value: 3))
            #expect(open.count == 2)
        }
    }

    @Test func failedLoginsAndAdminKeysFromOneAddressAreRateLimited() async throws {
        var limits = ConnectionLimits()
        limits.loginFailureBurst = 3
        limits.loginFailureInterval = .seconds(60)
        try await withServer(limits) { server in
            let client = try await server.client()
            let player = try await client.register(name: "Guessed")
            for _ in 0..<2 {
                await #expect(throws: EspritClientError.rejected(WireError(message: "not authorized", details: .unauthorized))) {
                    _ = try await client.login(playerId: player.playerId, token: [UInt8](repeating: 1, count: 32))
                }
            }
            await #expect(throws: EspritClientError.rejected(WireError(message: "wrong admin key", details: .unauthorized))) {
                try await client.adminLogin(key: "not-the-key")
            }

            // The bucket is empty: even the right token waits, without being checked.
            do {
                _ = try await client.login(playerId: player.playerId, token: player.token)
                Issue.record("a login from a throttled address must be refused")
            } catch let error as EspritClientError {
                guard case let .rateLimited(retryAfterMs)? = error.wireError?.details else {
                    Issue.record("expected RATE_LIMITED, got \(error)")
                    return
                }
                #expect(retryAfterMs > 0 && retryAfterMs <= 60_000)
            }
            do {
                try await client.adminLogin(key: TestServer.adminKey)
                Issue.record("an admin login from a throttled address must be refused")
            } catch let error as EspritClientError {
                #expect(error.wireError?.code == .rateLimited)
            }
            await client.close()
        }
    }
}
