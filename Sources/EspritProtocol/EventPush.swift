import NIOCore

/// `EVENT`: a server push of one journaled player event. Reserved in v1: the frame is specified
/// so clients can skip it, and the subscription operations that cause it arrive later.
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
}
