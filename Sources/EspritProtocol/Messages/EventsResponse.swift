import NIOCore

/// The answer to every game operation (`QUEST` … `COLLECT`): the events it caused, in order,
/// with absolute values (balances and counts after), all durable by the time this arrives.
public struct EventsResponse: WireMessage {
    public var events: [WireEvent]

    public init(events: [WireEvent]) { self.events = events }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        events = try buffer.readWireList(field: "events", WireEvent.decode(from:))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireList(events) { $1.encode(into: &$0) }
    }
}
