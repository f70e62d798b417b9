import NIOCore

/// The answer to every game operation (`QUEST` … `COLLECT`): the events it caused, in order,
/// with absolute values (balances and counts after), all durable by the time this arrives.
public struct EventsResponse: WireMessage {
    public var events: [WireEvent]

    public init(events: [WireEvent]) { self.events = events }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        let count = try buffer.readWireCount(field: "events")
        var events: [WireEvent] = []
        events.reserveCapacity(count)
        for _ in 0..<count { events.append(try WireEvent.decode(from: &buffer)) }
        self.events = events
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireCount(events.count)
        for event in events { event.encode(into: &buffer) }
    }
}
