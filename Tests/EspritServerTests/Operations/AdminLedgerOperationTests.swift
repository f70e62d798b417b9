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

    @Test func entriesThatFitAreAllKept() {
        let entries = (1...10).map { LedgerEntry(lsn: UInt64($0), at: 0, currency: 0, delta: 1, balanceAfter: Int64($0), reason: "grant", correlationId: "c\($0)") }
        #expect(AdminLedgerOperation.newestFitting(entries, maxFrameBytes: 1 << 20) == entries)
        var frame = ByteBuffer()
        ServerFrame.response(ResponseFrame(requestId: 0, opcode: AdminLedgerRequest.opcode, response: AdminLedgerResponse(entries: Array(entries.prefix(3)))))
            .encode(into: &frame)
        let threeExactly = frame.readableBytes - 4
        #expect(AdminLedgerOperation.newestFitting(entries, maxFrameBytes: threeExactly) == Array(entries.prefix(3)))
        #expect(AdminLedgerOperation.newestFitting(entries, maxFrameBytes: threeExactly - 1) == Array(entries.prefix(2)))
    }
}
