import EspritProtocol
import EspritTestSupport
import NIOCore
import Testing

/// Malformed client frames become typed errors that say whether the connection can go on.
@Suite struct ClientFrameDecodingTests {
    private func body(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    /// A REQUEST header for request 9 with `opcode`, and an empty correlation id.
    private func requestHeader(opcode: UInt16) -> [UInt8] {
        [0x03, 0, 0, 0, 9, UInt8(opcode >> 8), UInt8(opcode & 0xFF), 0, 0]
    }

    @Test func anEmptyBodyIsUnreadable() {
        #expect(throws: ClientFrameError.unreadable(WireDecodingError(field: "frameType", reason: "frame ends before this field is complete"))) {
            try ClientFrame.decode(body: body([]))
        }
    }

    @Test func aTruncatedRequestHeaderIsUnreadable() {
        #expect(throws: ClientFrameError.unreadable(WireDecodingError(field: "opcode", reason: "frame ends before this field is complete"))) {
            try ClientFrame.decode(body: body([0x03, 0, 0, 0, 9, 0x00]))
        }
    }

    @Test func anUnknownOpcodeIsABadRequestThatNamesTheRequest() {
        #expect(throws: ClientFrameError.badRequest(requestId: 9, opcode: 0x7777, WireDecodingError(field: "opcode", reason: "unknown opcode 30583"))) {
            try ClientFrame.decode(body: body(requestHeader(opcode: 0x7777)))
        }
    }

    @Test func anUnknownOpcodeIsReportedEvenWhenTheFrameEndsAfterIt() {
        #expect(throws: ClientFrameError.badRequest(requestId: 9, opcode: 0x7777, WireDecodingError(field: "opcode", reason: "unknown opcode 30583"))) {
            try ClientFrame.decode(body: body([0x03, 0, 0, 0, 9, 0x77, 0x77]))
        }
    }

    @Test func aStringLengthPastTheEndIsABadRequestNamingTheField() {
        let bytes = requestHeader(opcode: Opcode.register.rawValue) + [0x00, 0x10, 0x41]
        #expect(throws: ClientFrameError.badRequest(requestId: 9, opcode: 1, WireDecodingError(field: "name", reason: "length 16 runs past the end of the frame"))) {
            try ClientFrame.decode(body: body(bytes))
        }
    }

    @Test func trailingBytesAreABadRequest() {
        let bytes = requestHeader(opcode: Opcode.getProfile.rawValue) + [0xFF]
        #expect(throws: ClientFrameError.badRequest(requestId: 9, opcode: 3, WireDecodingError(field: "GET_PROFILE", reason: "1 unexpected bytes after the last field"))) {
            try ClientFrame.decode(body: body(bytes))
        }
    }

    @Test func invalidUTF8IsABadRequest() {
        let bytes = requestHeader(opcode: Opcode.register.rawValue) + [0x00, 0x02, 0xC3, 0x28]
        #expect(throws: ClientFrameError.badRequest(requestId: 9, opcode: 1, WireDecodingError(field: "name", reason: "not valid UTF-8"))) {
            try ClientFrame.decode(body: body(bytes))
        }
    }

    /// ASCII takes a shorter path than other UTF-8; both decode to the string sent, and an
    /// invalid byte after ASCII ones is still refused.
    @Test func asciiAndOtherUTF8StringsDecodeToTheStringSent() throws {
        for name in ["Ayla_7", "Ébène", "", "Zoë😀"] {
            let utf8 = Array(name.utf8)
            let bytes = requestHeader(opcode: Opcode.register.rawValue) + [UInt8(utf8.count >> 8), UInt8(utf8.count & 0xFF)] + utf8
            guard case let .request(frame) = try ClientFrame.decode(body: body(bytes)) else {
                Issue.record("REGISTER did not decode as a request")
                continue
            }
            #expect(frame.request as? RegisterRequest == RegisterRequest(name: name))
        }
        let bytes = requestHeader(opcode: Opcode.register.rawValue) + [0x00, 0x03, 0x41, 0x42, 0xFF]
        #expect(throws: ClientFrameError.badRequest(requestId: 9, opcode: 1, WireDecodingError(field: "name", reason: "not valid UTF-8"))) {
            try ClientFrame.decode(body: body(bytes))
        }
    }

    @Test func aServerFrameTypeFromAClientIsUnreadable() {
        #expect(throws: ClientFrameError.unreadable(WireDecodingError(field: "frameType", reason: "WELCOME is a server-to-client frame"))) {
            try ClientFrame.decode(body: body([0x02]))
        }
    }

    @Test func anOverlongCorrelationIdIsABadRequest() {
        var bytes: [UInt8] = [0x03, 0, 0, 0, 9, 0, 3, 0, 65]
        bytes += Array(repeating: 0x61, count: 65)
        #expect(throws: ClientFrameError.badRequest(requestId: 9, opcode: 3, WireDecodingError(field: "correlationId", reason: "longer than 64 bytes"))) {
            try ClientFrame.decode(body: body(bytes))
        }
    }

    /// Random bodies never crash the decoder, and whatever does decode re-encodes to the very
    /// same bytes: the codec has one encoding per frame.
    @Test func randomGarbageDecodesOnlyToFramesThatReencodeIdentically() {
        var generator = SplitMix64(seed: 0xE5B1_7000)
        var decoded = 0
        for round in 0..<20_000 {
            let length = Int(generator.next() % 48)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 4 == 0, !bytes.isEmpty { bytes[0] = 0x03 }
            if round % 4 == 1 { bytes = requestHeader(opcode: Opcode.adminGrant.rawValue) + bytes.prefix(17) }
            guard let frame = try? ClientFrame.decode(body: body(bytes)) else { continue }
            decoded += 1
            var encoded = ByteBuffer()
            frame.encode(into: &encoded)
            #expect(Array(encoded.readableBytesView.dropFirst(4)) == bytes)
        }
        #expect(decoded > 1_000)
    }

    /// A keyed request's fingerprint hashes its fields as the frame carried them, where a
    /// frame built in code has them encoded; decoding is strict, so both agree on every frame
    /// that decodes, altered in one byte or not.
    @Test func aKeyedFramesReceivedFieldsAreItsFieldsEncoded() throws {
        var generator = SplitMix64(seed: 0xF1E1_D525)
        var decoded = 0
        for round in 0..<5_000 {
            let banner = String((0..<Int(generator.next() % 6)).map { _ in ["a", "é", "😀", "z"][Int(generator.next() % 4)] })
            let request: any WireRequest = round % 2 == 0
                ? AdminGrantRequest(playerId: generator.next(), currency: UInt8(truncatingIfNeeded: generator.next()), amount: Int64(truncatingIfNeeded: generator.next()))
                : SummonRequest(banner: banner, pulls: UInt8(truncatingIfNeeded: generator.next()))
            var encoded = ByteBuffer()
            ClientFrame.request(RequestFrame(requestId: 9, idempotencyKey: [1, 2], request: request)).encode(into: &encoded, version: ProtocolVersion.v2)
            var bytes = Array(encoded.readableBytesView.dropFirst(4))
            if round % 3 == 0 {
                let index = 13 + Int(generator.next() % UInt64(bytes.count - 13))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            guard case let .request(frame)? = try? ClientFrame.decode(body: body(bytes), version: ProtocolVersion.v2) else { continue }
            decoded += 1
            #expect(frame.receivedFields.map { Array($0.readableBytesView) } == Array(bytes.dropFirst(13)))
            let built = RequestFrame(requestId: 9, idempotencyKey: frame.idempotencyKey, request: frame.request)
            #expect(built.receivedFields == nil)
            #expect(built.fieldBytes == frame.fieldBytes)
        }
        #expect(decoded > 3_500)
    }

    /// A decoded key is the key sent, at every length the protocol allows; one byte more is
    /// refused as before, naming the field.
    @Test func aDecodedKeyIsTheKeySentAtEveryLength() throws {
        for length in 1...RequestFrame.maxIdempotencyKeyBytes + 1 {
            let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
            var encoded = ByteBuffer()
            ClientFrame.request(RequestFrame(requestId: 9, idempotencyKey: key, request: QuestRequest(zone: 3))).encode(into: &encoded, version: ProtocolVersion.v2)
            let decoded = Result { try ClientFrame.decode(body: body(Array(encoded.readableBytesView.dropFirst(4))), version: ProtocolVersion.v2) }
            guard length <= RequestFrame.maxIdempotencyKeyBytes else {
                guard case let .failure(error as ClientFrameError) = decoded, case let .badRequest(9, _, reason) = error else {
                    Issue.record("a \(length)-byte key was not refused: \(decoded)")
                    continue
                }
                #expect(reason.field == "idempotencyKey")
                continue
            }
            guard case let .request(frame) = try decoded.get() else {
                Issue.record("not a request")
                continue
            }
            #expect(frame.idempotencyKey == key)
            #expect(frame.key.map(Array.init) == key)
            #expect(frame == RequestFrame(requestId: 9, idempotencyKey: key, request: QuestRequest(zone: 3)))
        }
    }

    /// Only a key needs the fields: a frame without one holds no view of the received bytes.
    @Test func aFrameWithoutAKeyKeepsNoReceivedFields() throws {
        for (version, key) in [(ProtocolVersion.v1, [UInt8]()), (ProtocolVersion.v2, [])] {
            var encoded = ByteBuffer()
            ClientFrame.request(RequestFrame(requestId: 9, idempotencyKey: key, request: QuestRequest(zone: 3))).encode(into: &encoded, version: version)
            guard case let .request(frame) = try ClientFrame.decode(body: body(Array(encoded.readableBytesView.dropFirst(4))), version: version) else {
                Issue.record("not a request")
                continue
            }
            #expect(frame.receivedFields == nil)
            #expect(Array(frame.fieldBytes.readableBytesView) == [0, 3])
        }
    }
}
