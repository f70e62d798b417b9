import NIOCore

/// `BUILD` (0x000B), `UPGRADE` (0x000C) and `COLLECT` (0x000D): an operation on the building of `type`.
public struct BuildingRequest: WireMessage {
    public var type: String

    public init(type: String) { self.type = type }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        type = try buffer.readWireString(field: "type")
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeWireString(type) }
}
