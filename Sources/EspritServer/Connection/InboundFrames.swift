import EspritProtocol
import NIOCore

/// The bytes a connection has read and not yet handed on, split into frame bodies.
///
/// The server frames inside ``ConnectionHandler`` rather than in a `ByteToMessageHandler`
/// because the frame limit changes with the session (small until LOGIN) and because frames are
/// taken one at a time, only while the connection may take more requests: bytes a client
/// pipelines past that wait here as bytes, not as decoded requests, and reading stops.
public struct InboundFrames: Sendable {
    private var buffer: ByteBuffer?
    /// The largest frame body accepted now.
    public var maxFrameBytes: Int
    /// When the frame now partly received began to arrive (nil: none is partly received).
    public private(set) var partialSince: NIODeadline?

    public init(maxFrameBytes: Int) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Adds bytes read from the socket.
    public mutating func append(_ bytes: ByteBuffer, now: @autoclosure () -> NIODeadline) {
        if buffer == nil {
            buffer = bytes
        } else {
            var incoming = bytes
            buffer!.discardReadBytes()
            buffer!.writeBuffer(&incoming)
        }
        if partialSince == nil { partialSince = now() }
    }

    /// The next complete frame body, or nil when the bytes held end mid-frame.
    ///
    /// - Throws: ``FrameTooLargeError`` as soon as a length prefix above ``maxFrameBytes`` is
    ///   read, before any of its body is kept.
    public mutating func next(now: @autoclosure () -> NIODeadline) throws(FrameTooLargeError) -> ByteBuffer? {
        guard buffer != nil, let length = buffer!.getInteger(at: buffer!.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard Int(length) <= maxFrameBytes else {
            throw FrameTooLargeError(length: Int(length), maxFrameBytes: maxFrameBytes)
        }
        guard buffer!.readableBytes >= 4 + Int(length) else { return nil }
        buffer!.moveReaderIndex(forwardBy: 4)
        let body = buffer!.readSlice(length: Int(length))
        if buffer!.readableBytes == 0 {
            buffer = nil
            partialSince = nil
        } else {
            // The next frame's clock starts when this one is complete.
            partialSince = now()
        }
        return body
    }

    /// Copies a partly received frame out of a much larger read buffer, so that a connection
    /// waiting for the rest of a small frame holds a few bytes, not the socket read's whole
    /// buffer (up to 64 KiB) — what many slow connections would otherwise pin.
    public mutating func shrinkIfSparse() {
        guard let held = buffer, held.capacity > 4_096, held.readableBytes * 4 < held.capacity else { return }
        var compact = ByteBuffer()
        compact.reserveCapacity(held.readableBytes)
        var copy = held
        compact.writeBuffer(&copy)
        buffer = compact
    }

    /// The memory the held bytes occupy.
    var heldCapacity: Int { buffer?.capacity ?? 0 }

    /// Restarts the clock of the frame now partly received, if any: the time reading was
    /// stopped by the server does not count against the client.
    public mutating func restartPartialClock(at now: NIODeadline) {
        if partialSince != nil { partialSince = now }
    }

    /// Whether a whole frame is waiting to be taken.
    public var hasCompleteFrame: Bool {
        guard let held = buffer, let length = held.getInteger(at: held.readerIndex, endianness: .big, as: UInt32.self) else {
            return false
        }
        return Int(length) > maxFrameBytes || held.readableBytes >= 4 + Int(length)
    }
}
