import NIOCore

/// The answer to every game operation (`QUEST` … `COLLECT`): the events it caused, in order,
/// with absolute values (balances and counts after), all durable by the time this arrives.
///
/// In v1 each event is its type and fields; from v2 on, its type and its fields as `bytes`, so
/// a client skips a type it does not know. Decoding v2 skips them too: `events` holds the
/// events this codec knows, in order.
public struct EventsResponse: WireMessage {
    public var events: [WireEvent]

    public init(events: [WireEvent]) { self.events = events }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        try self.init(from: &buffer, version: ProtocolVersion.v1)
    }

    public init(from buffer: inout ByteBuffer, version: UInt16) throws(WireDecodingError) {
        if version >= ProtocolVersion.v2 {
            let read = try buffer.readWireList(field: "events") { (buffer: inout ByteBuffer) throws(WireDecodingError) -> WireEvent? in
                try WireEvent.decodeSized(from: &buffer)
            }
            events = read.compactMap { $0 }
        } else {
            events = try buffer.readWireList(field: "events", WireEvent.decode(from:))
        }
    }

    public func encode(into buffer: inout ByteBuffer) {
        encode(into: &buffer, version: ProtocolVersion.v1)
    }

    public func encode(into buffer: inout ByteBuffer, version: UInt16) {
        if version >= ProtocolVersion.v2 {
            buffer.writeWireList(events) { $1.encodeSized(into: &$0) }
        } else {
            buffer.writeWireList(events) { $1.encode(into: &$0) }
        }
    }
}
