import EspritProtocol
import NIOCore
import Testing

@Suite struct WireTextTests {
    @Test func shortTextIsKeptAsItIs() {
        #expect(WireText.clipped("banner_1") == "banner_1")
        #expect(WireText.clipped(String(repeating: "a", count: 64)) == String(repeating: "a", count: 64))
    }

    @Test func longTextIsCutAtACharacterBoundaryWithAMarker() {
        let clipped = WireText.clipped(String(repeating: "é", count: 100), maxBytes: 10)
        #expect(clipped.utf8.count <= 10)
        #expect(clipped == "ééé…")
    }

    @Test func loggableTextHasNoLineBreaksOrEscapes() {
        #expect(WireText.loggable("a\nb\u{1B}[31mc\u{2028}d\u{202E}e") == "a?b?[31mc?d?e")
    }

    @Test func anErrorKeepsItsMessageAndDetailsBounded() {
        let huge = String(repeating: "x", count: 70_000)
        let error = WireError(message: "banner \(huge) not found", details: .notFound(entity: "banner", id: huge))
        #expect(error.message.utf8.count <= WireError.maxMessageBytes)
        guard case let .notFound(entity, id) = error.details else {
            Issue.record("the details keep their shape")
            return
        }
        #expect(entity == "banner")
        #expect(id.utf8.count <= WireError.maxDetailBytes && id.hasSuffix("…"))
    }

    @Test func aStringPastTheWireLimitIsWrittenCutNotTrapped() throws {
        var buffer = ByteBuffer()
        let frame = ServerFrame.response(ResponseFrame(requestId: 1, answering: AdminExportRequest.self, AdminExportResponse(
            path: String(repeating: "€", count: 30_000), lsn: 1, players: 0, compressedBytes: 0, uncompressedBytes: 0, sha256: ""
        )))
        frame.encode(into: &buffer)
        buffer.moveReaderIndex(forwardBy: 4)
        guard case let .response(response) = try ServerFrame.decode(body: buffer), let export = response.response as? AdminExportResponse else {
            Issue.record("the frame must decode")
            return
        }
        #expect(export.path.utf8.count <= ByteBuffer.maxWireLength)
        #expect(export.path.utf8.count > ByteBuffer.maxWireLength - 3)
        #expect(export.path.allSatisfy { $0 == "€" })
    }
}
