import NIOCore

/// `EVENT`: a server push of one journaled player event, after a v2 `SUBSCRIBE`.
public struct EventPush: Equatable, Sendable {
    /// The journal position of the event; pushes arrive in increasing LSN order.
    public var lsn: UInt64
    /// The event type number (the event table of a later protocol revision).
    public var eventType: UInt16
    /// The event's fields, laid out as its event type says.
    public var data: [UInt8]

    public init(lsn: UInt64, eventType: UInt16, data: [UInt8]) {
        self.lsn = lsn
        self.eventType = eventType
        self.data = data
    }

    init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.lsn = try buffer.readWire(field: "lsn")
        self.eventType = try buffer.readWire(field: "eventType")
        self.data = try buffer.readWireBytes(field: "data")
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(lsn)
        buffer.writeWire(eventType)
        buffer.writeWireBytes(data)
    }

    /// Writes the whole `EVENT` frame of `event` at `lsn`, length prefix included: the bytes
    /// ``ServerFrame/event(_:)`` of an ``EventPush`` holding it would make, without building
    /// its `data` first (the server pushes one per event of every followed change). The fields
    /// are counted first, then written straight into the buffer's memory in one reservation
    /// (``RawWireWriter``).
    public static func encodeFrame(of event: WireEvent, lsn: UInt64, into buffer: inout ByteBuffer) {
        var fields = WireSizeCounter()
        event.encodeFields(into: &fields)
        // Length, frame type, LSN, event type, the fields' length, the fields.
        let frameBytes = 4 + 1 + 8 + 2 + 2 + fields.count
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: frameBytes) { memory in
            var frame = RawWireWriter(start: memory.baseAddress!)
            frame.writeWire(UInt32(frameBytes - 4))
            frame.writeWire(FrameType.event.rawValue)
            frame.writeWire(lsn)
            frame.writeWire(event.type.rawValue)
            frame.writeWire(UInt16(truncatingIfNeeded: fields.count))
            event.encodeFields(into: &frame)
            return frameBytes
        }
    }
}
