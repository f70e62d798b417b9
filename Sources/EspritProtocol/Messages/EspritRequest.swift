import NIOCore

/// `AWAKEN` (0x0006) and `SET_LEADER` (0x000A): an operation on one of the player's stacks.
public struct EspritRequest: WireMessage {
    public var baseId: UInt32

    public init(baseId: UInt32) { self.baseId = baseId }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        baseId = try buffer.readWire(field: "baseId")
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeWire(baseId) }
}
