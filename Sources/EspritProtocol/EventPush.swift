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
        let frameBytes = frameBytes(of: event)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: frameBytes) { memory in
            writeFrame(of: event, lsn: lsn, frameBytes: frameBytes, at: memory.baseAddress!)
            return frameBytes
        }
    }

    /// What an `EVENT` frame holds before the event's fields: its length, frame type, LSN,
    /// event type and the fields' length.
    static let frameHeaderBytes = 4 + 1 + 8 + 2 + 2

    /// The size of the whole `EVENT` frame of `event`, length prefix included.
    public static func frameBytes(of event: WireEvent) -> Int {
        var fields = WireSizeCounter()
        event.encodeFields(into: &fields)
        return frameHeaderBytes + fields.count
    }

    /// Writes the whole `EVENT` frame of `event` at `lsn` at `memory`, which has room for its
    /// `frameBytes` (``frameBytes(of:)``): ``encodeFrame(of:lsn:into:)`` for memory the caller
    /// keeps itself.
    public static func writeFrame(of event: WireEvent, lsn: UInt64, frameBytes: Int, at memory: UnsafeMutableRawPointer) {
        var frame = RawWireWriter(start: memory)
        frame.writeWire(UInt32(frameBytes - 4))
        frame.writeWire(FrameType.event.rawValue)
        frame.writeWire(lsn)
        frame.writeWire(event.type.rawValue)
        frame.writeWire(UInt16(truncatingIfNeeded: frameBytes - frameHeaderBytes))
        event.encodeFields(into: &frame)
    }
}
