import NIOCore

/// The request message of one operation: its opcode and the message that answers it.
///
/// Each opcode has a request type of its own, so the type of a request says which operation
/// it is and what comes back: a client's `send(QuestRequest(zone: 1))` returns an
/// ``EventsResponse``, and the server's operation for it takes a `QuestRequest`.
public protocol WireRequest: WireMessage {
    /// The message a successful answer carries.
    associatedtype Response: WireMessage
    static var opcode: Opcode { get }
    /// The protocol version the operation arrived in: on an older connection its opcode is
    /// unknown, as it was before.
    static var since: UInt16 { get }
    /// Checks that every string and byte field fits its u16 length prefix, so that encoding
    /// cannot fail. Messages without such fields keep the default, which accepts.
    func validateLengths() throws(WireDecodingError)
}

extension WireRequest {
    public static var since: UInt16 { ProtocolVersion.v1 }

    public func validateLengths() throws(WireDecodingError) {}

    /// Refuses a string or byte field of `length` bytes that its u16 prefix cannot carry.
    public func checkLength(of field: String, _ length: Int) throws(WireDecodingError) {
        guard length <= ByteBuffer.maxWireLength else {
            throw WireDecodingError(field: field, reason: "\(length) bytes is more than the \(ByteBuffer.maxWireLength) the protocol carries")
        }
    }
}

extension WireMessage {
    /// Whether `other` is a message of the same type with the same fields: how frames, which
    /// hold their messages as `any WireMessage`, compare.
    public func isEqual(to other: any WireMessage) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}
