import NIOCore

/// `CRAFT` (0x0007): turn shards of `element` (an element code) into an Esprit of `tier`.
public struct CraftRequest: WireRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.craft

    public var element: UInt8
    public var tier: UInt8

    public init(element: UInt8, tier: UInt8) {
        self.element = element
        self.tier = tier
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        element = try buffer.readWire(field: "element")
        tier = try buffer.readWire(field: "tier")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(element)
        buffer.writeWire(tier)
    }
}

extension Opcode {
    public static let craft = Opcode(0x0007, name: "CRAFT")
}
