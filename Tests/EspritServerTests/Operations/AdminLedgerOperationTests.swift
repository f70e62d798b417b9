import EspritGame
import EspritProtocol
@testable import EspritServer
import NIOCore
import Testing

/// `ADMIN_LEDGER` keeps its answer within the `maxFrameBytes` WELCOME announces, with the
/// newest entries: a ledger of long correlation ids once made a frame of 1 120 009 bytes.
@Suite struct AdminLedgerOperationTests {
    @Test func theAnswerHoldsTheNewestEntriesThatFitInAFrame() async throws {
        let maxFrameBytes = 16_384
        let server = try await TestServer.start(maxFrameBytes: maxFrameBytes)
        let client = try await server.client()
        let player = try await client.register(name: "Ledgered").playerId
        await client.close()
        let admin = try await server.adminClient()
        let grants = 200
        for index in 1...grants {
            let correlationId = String(format: "grant-%04d-", index) + String(repeating: "x", count: 53)
            _ = try await admin.grant(playerId: player, currency: Currency.lumees.rawValue, amount: 1, correlationId: correlationId)
        }
        await admin.close()

        let raw = try RawConnection(port: server.port)
        raw.sendHello()
        _ = try raw.readFrame()
        try raw.adminLogIn(key: TestServer.adminKey)
        raw.send(.request(RequestFrame(requestId: 1, request: AdminLedgerRequest(playerId: player, limit: 10_000))))
        guard case let .response(answer) = try raw.readFrame(), let ledger = answer.response as? AdminLedgerResponse else {
            Issue.record("expected the ledger")
            return
        }
        var frame = ByteBuffer()
        ServerFrame.response(answer).encode(into: &frame)
        #expect(frame.readableBytes - 4 <= maxFrameBytes)
        // Fewer than the grants (each entry takes about 110 bytes), and as many as fit.
        #expect(ledger.entries.count < grants && ledger.entries.count > 90)
        let expected = (0..<ledger.entries.count).map { String(format: "grant-%04d-", grants - $0) }
        #expect(ledger.entries.map { String($0.correlationId.prefix(11)) } == expected, "newest first, none skipped")
        try await server.stopAndRemove()
    }

    /// The bound counts the frame as the connection's version lays it out (v2 adds the
    /// `truncated` byte), and v2's answer says whether entries were left out.
    @Test(arguments: [ProtocolVersion.v1, ProtocolVersion.v2])
    func entriesThatFitAreAllKept(version: UInt16) {
        let entries = (1...10).map { LedgerEntry(lsn: UInt64($0), at: 0, currency: 0, delta: 1, balanceAfter: Int64($0), reason: "grant", correlationId: "c\($0)") }
        #expect(AdminLedgerOperation.newestFitting(entries, maxFrameBytes: 1 << 20, version: version) == AdminLedgerResponse(entries: entries))
        var frame = ByteBuffer()
        ServerFrame.response(ResponseFrame(requestId: 0, opcode: AdminLedgerRequest.opcode, response: AdminLedgerResponse(entries: Array(entries.prefix(3)))))
            .encode(into: &frame, version: version)
        let threeExactly = frame.readableBytes - 4
        #expect(AdminLedgerOperation.newestFitting(entries, maxFrameBytes: threeExactly, version: version) == AdminLedgerResponse(entries: Array(entries.prefix(3)), truncated: true))
        #expect(AdminLedgerOperation.newestFitting(entries, maxFrameBytes: threeExactly - 1, version: version) == AdminLedgerResponse(entries: Array(entries.prefix(2)), truncated: true))
    }

    @Test func v2SaysWhetherTheFrameFilledAndV1CannotSay() throws {
        let answer = AdminLedgerResponse(entries: [LedgerEntry(lsn: 1, at: 0, currency: 0, delta: 1, balanceAfter: 1, reason: "grant", correlationId: "c")], truncated: true)
        var v2 = ByteBuffer()
        answer.encode(into: &v2, version: ProtocolVersion.v2)
        #expect(try AdminLedgerResponse(from: &v2, version: ProtocolVersion.v2) == answer)
        var v1 = ByteBuffer()
        answer.encode(into: &v1, version: ProtocolVersion.v1)
        #expect(try AdminLedgerResponse(from: &v1, version: ProtocolVersion.v1).truncated == false)
    }
}
