@testable import EspritProtocol
import NIOCore
import NIOTestUtils
import Testing

/// The codec against `protocol/vectors/`, whose bytes were produced from `schema.json` alone.
@Suite struct GoldenVectorTests {
    @Test func everyVectorDecodesToItsMeaningAndEncodesBackToItsBytes() throws {
        let vectors = try ProtocolFolder.vectors()
        #expect(vectors.count >= 26)
        for vector in vectors {
            var encoded = ByteBuffer()
            if vector.direction == "client" {
                let frame = try ClientFrame.decode(body: vector.body)
                #expect(Canonical.of(frame) == vector.meaning, "\(vector.name)")
                frame.encode(into: &encoded)
            } else {
                let frame = try ServerFrame.decode(body: vector.body)
                #expect(Canonical.of(frame) == vector.meaning, "\(vector.name)")
                frame.encode(into: &encoded)
            }
            #expect(Array(encoded.readableBytesView) == vector.bytes, "\(vector.name) re-encodes differently")
        }
    }

    /// Every vector through the frame decoder one byte at a time, all at once, and in between
    /// (NIO's verifier), then decoded as a message.
    @Test func frameDecoderReassemblesEveryVectorFedOneByteAtATime() throws {
        let vectors = try ProtocolFolder.vectors()
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
            if vector.direction == "client" {
                #expect(Canonical.of(try ClientFrame.decode(body: frames[0])) == vector.meaning)
            } else {
                #expect(Canonical.of(try ServerFrame.decode(body: frames[0])) == vector.meaning)
            }
        }
    }

    /// The `EVENT` vectors carry real events: each one's data decodes as the event type it
    /// names, to the last byte (one once held two bytes no event has).
    @Test func everyEventVectorCarriesAnEventOfItsType() throws {
        var events = 0
        for vector in try ProtocolFolder.vectors() where vector.direction == "server" {
            guard case let .event(push) = try ServerFrame.decode(body: vector.body) else { continue }
            var buffer = ByteBuffer()
            buffer.writeInteger(push.eventType)
            buffer.writeBytes(push.data)
            let event = try WireEvent.decode(from: &buffer)
            #expect(event.type.rawValue == push.eventType && buffer.readableBytes == 0, "\(vector.name)")
            events += 1
        }
        #expect(events >= 2)
    }
}
