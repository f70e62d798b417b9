import NIOCore

/// Splits a byte stream into frame bodies: a u32 big-endian length, then that many bytes.
///
/// It needs no channel context (a `NIOSingleStepByteToMessageDecoder`), so tests drive it
/// byte by byte without a server. A declared length above `maxFrameBytes` throws
/// ``FrameTooLargeError`` before a single body byte is buffered, so an attacker cannot make the
/// server hold a large frame in memory.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// Protocol v1's default frame limit: 1 MiB of body.
    public static let defaultMaxFrameBytes = 1 << 20

    public let maxFrameBytes: Int

    public init(maxFrameBytes: Int = FrameDecoder.defaultMaxFrameBytes) {
        self.maxFrameBytes = maxFrameBytes
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard Int(length) <= maxFrameBytes else {
            throw FrameTooLargeError(length: Int(length), maxFrameBytes: maxFrameBytes)
        }
        guard buffer.readableBytes >= 4 + Int(length) else {
            return nil
        }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

/// A frame declared a body larger than the connection's limit.
public struct FrameTooLargeError: Error, Equatable, Sendable {
    public var length: Int
    public var maxFrameBytes: Int

    public init(length: Int, maxFrameBytes: Int) {
        self.length = length
        self.maxFrameBytes = maxFrameBytes
    }
}
