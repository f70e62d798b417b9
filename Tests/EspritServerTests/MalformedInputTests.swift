import EspritClient
import EspritProtocol
import EspritTestSupport
import NIOCore
import Testing

/// Bad bytes get an `ERROR` (the connection goes on) or a `CLOSE` and a close, and never
/// disturb other connections: each test keeps a well-behaved client open throughout and uses it
/// afterwards.
@Suite struct MalformedInputTests {
    /// Runs `body` against a fresh server, then proves a connection opened before and one
    /// opened after still get served.
    private func withServer(maxFrameBytes: Int? = nil, maxRequestsInFlight: Int? = nil, _ body: (TestServer) async throws -> Void) async throws {
        let server = try await TestServer.start(maxFrameBytes: maxFrameBytes, maxRequestsInFlight: maxRequestsInFlight)
        let bystander = try await server.client()
        _ = try await bystander.register(name: "Bystander")
        try await body(server)
        _ = try await bystander.register(name: "StillServed")
        let newcomer = try await server.client()
        _ = try await newcomer.register(name: "Newcomer")
        await bystander.close()
        await newcomer.close()
        try await server.stopAndRemove()
    }

    private func expectClose(_ connection: RawConnection, _ details: ErrorDetails) throws {
        let frame = try connection.readFrame()
        guard case let .close(error) = frame else {
            Issue.record("expected CLOSE, got \(String(describing: frame))")
            return
        }
        #expect(error.details == details)
        #expect(try connection.isClosedByServer())
    }

    private func requestBytes(requestId: UInt32, opcode: UInt16, payload: [UInt8]) -> [UInt8] {
        var body = ByteBuffer()
        body.writeInteger(UInt8(3))
        body.writeInteger(requestId)
        body.writeInteger(opcode)
        body.writeInteger(UInt16(0))
        body.writeBytes(payload)
        return withUnsafeBytes(of: UInt32(body.readableBytes).bigEndian, Array.init) + Array(body.readableBytesView)
    }

    @Test func aRequestBeforeHelloIsClosed() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send(.request(RequestFrame(requestId: 1, request: GetProfileRequest())))
            try expectClose(connection, .validation(field: "frameType", reason: "expected HELLO"))
        }
    }

    @Test func aMalformedRequestBeforeHelloIsClosedNotAnswered() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send(requestBytes(requestId: 5, opcode: 0x7777, payload: []))
            try expectClose(connection, .validation(field: "frameType", reason: "expected HELLO"))
        }
    }

    /// A REQUEST too short for its own header, before HELLO: closed for coming before HELLO,
    /// as the protocol's table says, not for the header it lacks.
    @Test func aTruncatedRequestBeforeHelloIsClosedNamingTheFrameType() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send([0, 0, 0, 2, FrameType.request.rawValue, 0])
            try expectClose(connection, .validation(field: "frameType", reason: "expected HELLO"))
        }
    }

    @Test func aCorrelationIdWithControlCharactersIsRefused() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.sendHello()
            _ = try connection.readFrame()
            connection.send(.request(RequestFrame(requestId: 3, correlationId: "evil\u{0}id", request: GetProfileRequest())))
            guard case let .error(error) = try connection.readFrame() else {
                Issue.record("expected ERROR")
                return
            }
            #expect(error.error.details == .validation(field: "correlationId", reason: "contains control characters"))
        }
    }

    /// With at most 4 requests in flight, 300 pipelined requests sent without reading are all
    /// answered, exactly once each, once the client reads.
    @Test func pipeliningPastTheInFlightLimitLosesNothing() async throws {
        try await withServer(maxRequestsInFlight: 4) { server in
            let connection = try RawConnection(port: server.port)
            connection.sendHello()
            _ = try connection.readFrame()
            var bytes: [UInt8] = []
            for requestId in 1...300 {
                var buffer = ByteBuffer()
                ClientFrame.request(RequestFrame(requestId: UInt32(requestId), request: GetProfileRequest())).encode(into: &buffer)
                bytes += buffer.readableBytesView
            }
            connection.send(bytes)
            var answered: [UInt32] = []
            for _ in 1...300 {
                guard case let .error(error) = try connection.readFrame() else { break }
                answered.append(error.requestId)
            }
            #expect(answered.sorted() == (1...300).map { UInt32($0) })
        }
    }

    @Test func aWrongMagicIsClosed() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.sendHello(magic: 0x4745_5420)
            try expectClose(connection, .validation(field: "magic", reason: "expected 0x45535052 (\"ESPR\")"))
        }
    }

    @Test func anUnsupportedVersionIsToldBeforeTheClose() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.sendHello(version: 3)
            try expectClose(connection, .validation(field: "version", reason: "this server speaks versions 1–2"))
        }
    }

    @Test func anOversizeLengthIsClosedWithTheLimit() async throws {
        try await withServer(maxFrameBytes: 4096) { server in
            let connection = try RawConnection(port: server.port)
            connection.sendHello()
            guard case .welcome(let welcome) = try connection.readFrame() else {
                Issue.record("no WELCOME")
                return
            }
            #expect(welcome.maxFrameBytes == 4096)
            try connection.registerAndLogIn(name: "Oversize")
            connection.send([0x00, 0x00, 0x10, 0x01] + Array(repeating: 0, count: 64))
            try expectClose(connection, .limitReached(limit: 4096, value: 4097))
        }
    }

    @Test func anUnknownOpcodeGetsAnErrorAndTheConnectionGoesOn() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.sendHello()
            _ = try connection.readFrame()
            connection.send(requestBytes(requestId: 41, opcode: 0x7777, payload: [1, 2, 3]))
            #expect(try connection.readFrame() == .error(ErrorFrame(requestId: 41, opcode: 0x7777, error: WireError(
                message: "malformed request: opcode: unknown opcode 30583", details: .validation(field: "opcode", reason: "unknown opcode 30583")
            ))))
            connection.send(.request(RequestFrame(requestId: 42, request: GetProfileRequest())))
            guard case let .error(error) = try connection.readFrame() else {
                Issue.record("no answer after the bad request")
                return
            }
            #expect(error.requestId == 42)
            #expect(error.error.details == .unauthorized)
        }
    }

    @Test func aBadFieldLengthGetsAnErrorNamingTheField() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.sendHello()
            _ = try connection.readFrame()
            connection.send(requestBytes(requestId: 7, opcode: Opcode.register.rawValue, payload: [0x00, 0x30, 0x41, 0x42]))
            guard case let .error(error) = try connection.readFrame() else {
                Issue.record("expected ERROR")
                return
            }
            #expect(error.requestId == 7)
            #expect(error.error.details == .validation(field: "name", reason: "length 48 runs past the end of the frame"))
        }
    }

    /// A REGISTER cut short by a hang-up: nothing of it takes effect — the name stays free and
    /// the next player gets the next id.
    @Test func aTruncatedFrameThenHangUpLeavesNoTrace() async throws {
        try await withServer { server in
            var connection: RawConnection? = try RawConnection(port: server.port)
            connection?.sendHello()
            _ = try connection?.readFrame()
            var whole = ByteBuffer()
            ClientFrame.request(RequestFrame(requestId: 1, request: RegisterRequest(name: "Ghost"))).encode(into: &whole)
            connection?.send(Array(whole.readableBytesView.dropLast(2)))
            connection = nil
            let client = try await server.client()
            #expect(try await client.register(name: "Ghost").playerId == 2, "Bystander is 1; the cut REGISTER took nothing")
            await client.close()
        }
    }

    @Test func randomGarbageIsClosedOrAnswered() async throws {
        var generator = SplitMix64(seed: 7)
        try await withServer { server in
            for round in 0..<30 {
                let connection = try RawConnection(port: server.port)
                if round % 2 == 1 {
                    connection.sendHello()
                    _ = try connection.readFrame()
                }
                let length = Int(generator.next() % 200) + 1
                connection.send((0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
                connection.send(Array(repeating: 0xFF, count: 8))
                #expect(try connection.isClosedByServer(), "round \(round)")
            }
        }
    }
}
