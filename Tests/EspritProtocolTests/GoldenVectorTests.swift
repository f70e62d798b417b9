@testable import EspritProtocol
import NIOCore
import NIOTestUtils
import Testing

/// The codec against `protocol/vectors/` (v1) and `protocol/vectors/v2/`, whose bytes were
/// produced from `schema.json` alone.
@Suite struct GoldenVectorTests {
    static let versions = [ProtocolVersion.v1, ProtocolVersion.v2]

    @Test(arguments: versions)
    func everyVectorDecodesToItsMeaningAndEncodesBackToItsBytes(version: UInt16) throws {
        let vectors = try ProtocolFolder.vectors(version: version)
        #expect(vectors.count >= (version == ProtocolVersion.v1 ? 26 : 8))
        for vector in vectors {
            #expect(try meaning(of: vector.body, vector) == vector.meaning, "\(vector.name)")
            var encoded = ByteBuffer()
            if vector.direction == "client" {
                try ClientFrame.decode(body: vector.body, version: version).encode(into: &encoded, version: version)
            } else {
                try ServerFrame.decode(body: vector.body, version: version).encode(into: &encoded, version: version)
            }
            #expect(Array(encoded.readableBytesView) == vector.bytes, "\(vector.name) re-encodes differently")
        }
    }

    /// Every vector through the frame decoder one byte at a time, all at once, and in between
    /// (NIO's verifier), then decoded as a message.
    @Test(arguments: versions)
    func frameDecoderReassemblesEveryVectorFedOneByteAtATime(version: UInt16) throws {
        let vectors = try ProtocolFolder.vectors(version: version)
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: vectors.map { ($0.buffer, [$0.body]) },
            decoderFactory: { FrameDecoder() }
        )
        for vector in vectors {
            var decoder = FrameDecoder()
            var stream = ByteBuffer()
            var frames: [ByteBuffer] = []
            for byte in vector.bytes {
                stream.writeInteger(byte)
                if let frame = try decoder.decode(buffer: &stream) { frames.append(frame) }
            }
            #expect(frames == [vector.body], "\(vector.name)")
            #expect(try meaning(of: frames[0], vector) == vector.meaning)
        }
    }

    /// The `EVENT` vectors carry real events: each one's data decodes as the event type it
    /// names, to the last byte (one once held two bytes no event has).
    @Test func everyEventVectorCarriesAnEventOfItsType() throws {
        var events = 0
        for vector in try ProtocolFolder.vectors() where vector.direction == "server" {
            guard case let .event(push) = try ServerFrame.decode(body: vector.body) else { continue }
            let event = try WireEvent.decode(type: push.eventType, data: push.data)
            #expect(event?.type.rawValue == push.eventType, "\(vector.name)")
            events += 1
        }
        #expect(events >= 2)
    }

    /// v2's point: an answer holding an event type this codec does not know still decodes,
    /// with the known events around it, where v1 must fail.
    @Test func v2SkipsAnEventTypeItDoesNotKnowAndV1CannotRead() throws {
        let known = WireEvent.leaderChanged(baseId: 7)
        var v2 = ByteBuffer()
        v2.writeInteger(UInt16(3))
        known.encodeSized(into: &v2)
        v2.writeInteger(UInt16(999))
        v2.writeInteger(UInt16(5))
        v2.writeBytes([1, 2, 3, 4, 5])
        known.encodeSized(into: &v2)
        #expect(try EventsResponse(from: &v2, version: ProtocolVersion.v2).events == [known, known])
        #expect(v2.readableBytes == 0)

        var v1 = ByteBuffer()
        v1.writeInteger(UInt16(1))
        v1.writeInteger(UInt16(999))
        #expect(throws: WireDecodingError.self) { try EventsResponse(from: &v1, version: ProtocolVersion.v1) }
    }

    /// The server's direct encoding of a push is the `EVENT` frame of the protocol's codec.
    @Test func aPushFrameDecodesAsTheEventItCarries() throws {
        let event = WireEvent.summonPerformed(banner: "standard", results: [3, 60], pityAfter: 9)
        var frame = ByteBuffer()
        EventPush.encodeFrame(of: event, lsn: 77, into: &frame)
        let length = frame.readInteger(as: UInt32.self)
        #expect(length.map(Int.init) == frame.readableBytes)
        guard case let .event(push) = try ServerFrame.decode(body: frame, version: ProtocolVersion.v2) else {
            Issue.record("not an EVENT")
            return
        }
        #expect(push.lsn == 77 && push.eventType == event.type.rawValue)
        #expect(try WireEvent.decode(type: push.eventType, data: push.data) == event)
    }

    private func meaning(of body: ByteBuffer, _ vector: ProtocolFolder.Vector) throws -> Canonical {
        vector.direction == "client"
            ? Canonical.of(try ClientFrame.decode(body: body, version: vector.version), version: vector.version)
            : Canonical.of(try ServerFrame.decode(body: body, version: vector.version), version: vector.version)
    }
}
