import NIOCore

/// A message body that reads and writes itself in the field order of `protocol/schema.json`.
///
/// One file per message keeps each layout next to its documentation comment, as postgres-nio does.
public protocol WireMessage: Equatable, Sendable {
    /// Reads the message's fields; the caller checks that nothing is left over.
    init(from buffer: inout ByteBuffer) throws(WireDecodingError)
    func encode(into buffer: inout ByteBuffer)
}
