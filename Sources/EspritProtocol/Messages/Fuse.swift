import NIOCore

/// `FUSE` (0x0005): fuse one copy of `first` with one of `second` (the same base id needs two copies).
public struct FuseRequest: WireRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.fuse

    public var first: UInt32
    public var second: UInt32

    public init(first: UInt32, second: UInt32) {
        self.first = first
        self.second = second
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        first = try buffer.readWire(field: "first")
        second = try buffer.readWire(field: "second")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(first)
        buffer.writeWire(second)
    }
}

extension Opcode {
    public static let fuse = Opcode(0x0005, name: "FUSE")
}
