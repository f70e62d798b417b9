import EspritProtocol
import NIOCore
import Testing

@Suite struct FrameDecoderTests {
    @Test func aDeclaredLengthAboveTheLimitIsRefusedBeforeTheBodyArrives() throws {
        var decoder = FrameDecoder(maxFrameBytes: 1024)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(1025))
        #expect(throws: FrameTooLargeError(length: 1025, maxFrameBytes: 1024)) {
            try decoder.decode(buffer: &buffer)
        }
    }

    @Test func aFrameAtTheLimitIsAccepted() throws {
        var decoder = FrameDecoder(maxFrameBytes: 16)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(16))
        buffer.writeRepeatingByte(7, count: 16)
        let frame = try decoder.decode(buffer: &buffer)
        #expect(frame?.readableBytes == 16)
        #expect(buffer.readableBytes == 0)
    }

    @Test func aPartialFrameWaitsForMoreBytes() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(4))
        buffer.writeBytes([1, 2, 3])
        #expect(try decoder.decode(buffer: &buffer) == nil)
        buffer.writeInteger(UInt8(4))
        #expect(try decoder.decode(buffer: &buffer) == ByteBuffer(bytes: [1, 2, 3, 4]))
    }
}
