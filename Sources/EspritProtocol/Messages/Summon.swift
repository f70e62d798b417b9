import NIOCore

/// `SUMMON` (0x0008): `pulls` (1 or 10) on `banner`.
public struct SummonRequest: WireRequest {
    public typealias Response = EventsResponse
    public static let opcode = Opcode.summon

    public var banner: String
    public var pulls: UInt8

    public init(banner: String, pulls: UInt8) {
        self.banner = banner
        self.pulls = pulls
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        banner = try buffer.readWireString(field: "banner")
        pulls = try buffer.readWire(field: "pulls")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(banner)
        buffer.writeWire(pulls)
    }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "banner", banner.utf8.count)
    }
}

extension Opcode {
    public static let summon = Opcode(0x0008, name: "SUMMON")
}
