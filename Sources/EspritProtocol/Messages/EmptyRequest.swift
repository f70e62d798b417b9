import NIOCore

/// The request of every operation that takes no fields (`GET_PROFILE`, `CLAIM_DAILY`,
/// `GET_COLLECTION`, `GET_CATALOG`, `GET_TABLES`).
public struct EmptyRequest: WireMessage {
    public init() {}

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {}

    public func encode(into buffer: inout ByteBuffer) {}
}
