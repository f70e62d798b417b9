import EspritProtocol
import EspritServer
import EspritTestSupport
import NIOCore
import Testing

/// Inputs that used to crash the process or write into its logs: each is answered with a typed,
/// bounded error, and the server goes on serving the same connection.
@Suite struct HostileInputTests {
    private func answer(_ connection: RawConnection, _ request: any WireRequest, id: UInt32) throws -> ServerFrame? {
        connection.send(.request(RequestFrame(requestId: id, request: request)))
        return try connection.readFrame()
    }

    private func expectBoundedError(_ frame: ServerFrame?, code: ErrorCode, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case let .error(error) = frame else {
            Issue.record("expected ERROR, got \(String(describing: frame))", sourceLocation: sourceLocation)
            return
        }
        #expect(error.error.code == code, sourceLocation: sourceLocation)
        #expect(error.error.message.utf8.count <= WireError.maxMessageBytes, sourceLocation: sourceLocation)
        for (_, value) in error.error.details.fields {
            #expect(value.utf8.count <= WireError.maxDetailBytes, sourceLocation: sourceLocation)
        }
    }

    @Test func stringsAsLongAsTheWireAllowsGetABoundedErrorNotACrash() async throws {
        let server = try await TestServer.start()
        let connection = try RawConnection(port: server.port)
        connection.sendHello()
        _ = try connection.readFrame()
        try connection.registerAndLogIn(name: "LongStrings")
        let longest = String(repeating: "A", count: ByteBuffer.maxWireLength)
        let longType = String(repeating: "b", count: 65_520)
        let multiByte = String(repeating: "é", count: 32_767)

        expectBoundedError(try answer(connection, SummonRequest(banner: longest, pulls: 1), id: 1), code: .notFound)
        expectBoundedError(try answer(connection, SummonRequest(banner: multiByte, pulls: 1), id: 2), code: .notFound)
        expectBoundedError(try answer(connection, BuildRequest(type: longType), id: 3), code: .notFound)
        expectBoundedError(try answer(connection, UpgradeRequest(type: longest), id: 4), code: .notFound)
        expectBoundedError(try answer(connection, CollectRequest(type: longest), id: 5), code: .notFound)
        guard case .response = try answer(connection, GetProfileRequest(), id: 6) else {
            Issue.record("the connection must go on after the refusals")
            return
        }

        let admin = try RawConnection(port: server.port)
        admin.sendHello()
        _ = try admin.readFrame()
        try admin.adminLogIn(key: TestServer.adminKey)
        expectBoundedError(try answer(admin, AdminServicesRequest(action: .pause, service: longest), id: 7), code: .notFound)
        try await server.stopAndRemove()
    }

    @Test func aClientNameCannotForgeOrFloodLogLines() async throws {
        let recorder = LogRecorder()
        let server = try await TestServer.start(logger: recorder.logger)
        let connection = try RawConnection(port: server.port)
        let forged = "evil\ncritical: forged line\u{1B}[31m" + String(repeating: "x", count: 900)
        connection.sendHello(clientName: forged)
        guard case .welcome = try connection.readFrame() else {
            Issue.record("HELLO with a long name should still be welcomed")
            return
        }
        // A frame type the client may not send: the server logs the close with the client's name.
        connection.send([0x00, 0x00, 0x00, 0x01, 0x02])
        _ = try connection.isClosedByServer()
        try await server.stopAndRemove()

        let named = recorder.lines.compactMap { $0.metadata["client"] }
        #expect(!named.isEmpty, "the close should be logged with the client's name")
        for name in named {
            #expect(!name.contains("\n") && !name.contains("\u{1B}"))
            #expect(name.utf8.count <= WireText.maxEchoBytes)
            #expect(name.hasPrefix("evil?critical: forged line"))
        }
    }
}
