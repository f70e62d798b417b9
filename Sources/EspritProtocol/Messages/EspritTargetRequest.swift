import NIOCore

/// The layout of an operation on one of the player's stacks (`AWAKEN`, `SET_LEADER`):
/// the stack's base id.
public protocol EspritTargetRequest: WireRequest {
    var baseId: UInt32 { get }
    init(baseId: UInt32)
}

extension EspritTargetRequest {
    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.init(baseId: try buffer.readWire(field: "baseId"))
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeWire(baseId) }
}
