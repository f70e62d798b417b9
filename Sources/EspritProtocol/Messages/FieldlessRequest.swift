import NIOCore

/// The layout of every request that takes no fields (`GET_PROFILE`, `CLAIM_DAILY`,
/// `GET_COLLECTION`, `GET_CATALOG`, `GET_TABLES`): an empty payload.
public protocol FieldlessRequest: WireRequest {
    init()
}

extension FieldlessRequest {
    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) { self.init() }

    public func encode(into buffer: inout ByteBuffer) {}
}
