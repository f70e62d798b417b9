import NIOCore

/// A message body that reads and writes itself in the field order of `protocol/schema.json`.
///
/// One file per message keeps each layout next to its documentation comment, as postgres-nio does.
/// A message whose layout differs between protocol versions implements the `version:` pair;
/// every other message keeps one layout, and the defaults below route to it.
public protocol WireMessage: Equatable, Sendable {
    /// Reads the message's fields; the caller checks that nothing is left over.
    init(from buffer: inout ByteBuffer) throws(WireDecodingError)
    func encode(into buffer: inout ByteBuffer)
    /// Reads the message as protocol `version` lays it out.
    init(from buffer: inout ByteBuffer, version: UInt16) throws(WireDecodingError)
    /// Writes the message as protocol `version` lays it out.
    func encode(into buffer: inout ByteBuffer, version: UInt16)
}

extension WireMessage {
    public init(from buffer: inout ByteBuffer, version: UInt16) throws(WireDecodingError) {
        try self.init(from: &buffer)
    }

    public func encode(into buffer: inout ByteBuffer, version: UInt16) {
        encode(into: &buffer)
    }
}
