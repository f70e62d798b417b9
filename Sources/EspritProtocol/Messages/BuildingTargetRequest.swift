import NIOCore

/// The layout of an operation on one of the player's buildings (`BUILD`, `UPGRADE`,
/// `COLLECT`): the building's type.
public protocol BuildingTargetRequest: WireRequest {
    var type: String { get }
    init(type: String)
}

extension BuildingTargetRequest {
    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.init(type: try buffer.readWireString(field: "type"))
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeWireString(type) }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "type", type.utf8.count)
    }
}
