@testable import EspritServer
import EspritProtocol
import NIOCore
import Testing

@Suite struct InboundFramesTests {
    private let now = NIODeadline.uptimeNanoseconds(5_000_000_000)

    private func frame(_ body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        return buffer
    }

    @Test func framesSplitAnywhereComeOutWholeAndInOrder() throws {
        var frames = InboundFrames(maxFrameBytes: 64)
        var stream = frame([1, 2, 3])
        var second = frame([4, 5])
        stream.writeBuffer(&second)
        var bodies: [[UInt8]] = []
        while let chunk = stream.readSlice(length: min(2, stream.readableBytes)) {
            frames.append(chunk, now: now)
            while let body = try frames.next(now: now) { bodies.append(Array(body.readableBytesView)) }
            if stream.readableBytes == 0 { break }
        }
        #expect(bodies == [[1, 2, 3], [4, 5]])
        #expect(frames.partialSince == nil)
    }

    @Test func aLengthOverTheLimitThrowsBeforeTheBodyArrives() {
        var frames = InboundFrames(maxFrameBytes: 16)
        frames.append(ByteBuffer(bytes: [0, 0, 0, 17]), now: now)
        #expect(frames.hasCompleteFrame, "an oversize length is reported at once")
        #expect(throws: FrameTooLargeError(length: 17, maxFrameBytes: 16)) { try frames.next(now: now) }
    }

    @Test func raisingTheLimitAdmitsTheNextFrame() throws {
        var frames = InboundFrames(maxFrameBytes: 2)
        frames.maxFrameBytes = 8
        frames.append(frame([1, 2, 3, 4]), now: now)
        #expect(try frames.next(now: now).map { Array($0.readableBytesView) } == [1, 2, 3, 4])
    }

    @Test func thePartialFrameClockStartsWithItsFirstByteAndCanRestart() throws {
        var frames = InboundFrames(maxFrameBytes: 64)
        frames.append(ByteBuffer(bytes: [0, 0]), now: now)
        #expect(frames.partialSince == now)
        frames.append(ByteBuffer(bytes: [0, 1]), now: now + .seconds(1))
        #expect(frames.partialSince == now, "more bytes of the same frame do not restart it")
        frames.restartPartialClock(at: now + .seconds(3))
        #expect(frames.partialSince == now + .seconds(3))
        frames.append(ByteBuffer(bytes: [9]), now: now + .seconds(4))
        #expect(try frames.next(now: now + .seconds(4)) != nil)
        #expect(frames.partialSince == nil)
    }

    @Test func aSmallPartialFrameIsCopiedOutOfALargeReadBuffer() throws {
        var frames = InboundFrames(maxFrameBytes: 64)
        var read = ByteBuffer()
        read.reserveCapacity(65_536)
        read.writeBytes([0, 0, 0, 8, 1, 2])
        frames.append(read, now: now)
        #expect(frames.heldCapacity >= 65_536)
        frames.shrinkIfSparse()
        #expect(frames.heldCapacity < 4_096)
        frames.append(ByteBuffer(bytes: [3, 4, 5, 6, 7, 8]), now: now)
        #expect(try frames.next(now: now).map { Array($0.readableBytesView) } == [1, 2, 3, 4, 5, 6, 7, 8])
    }
}
