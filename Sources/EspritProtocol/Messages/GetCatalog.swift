import NIOCore

/// `GET_CATALOG` (0x0020): every base Esprit. No session needed, no fields.
public struct GetCatalogRequest: FieldlessRequest {
    public typealias Response = CatalogResponse
    public static let opcode = Opcode.getCatalog

    public init() {}
}

extension Opcode {
    public static let getCatalog = Opcode(0x0020, name: "GET_CATALOG")
}

/// One base Esprit of the catalog: `element` is an element code.
public struct CatalogEntry: Equatable, Sendable {
    public var id: UInt32
    public var name: String
    public var element: UInt8
    public var tier: UInt8
    public var atk: Int64
    public var def: Int64
    public var hp: Int64

    public init(id: UInt32, name: String, element: UInt8, tier: UInt8, atk: Int64, def: Int64, hp: Int64) {
        self.id = id
        self.name = name
        self.element = element
        self.tier = tier
        self.atk = atk
        self.def = def
        self.hp = hp
    }
}

/// `GET_CATALOG` (0x0020): every base Esprit, in id order. No session needed.
public struct CatalogResponse: WireMessage {
    public var esprits: [CatalogEntry]

    public init(esprits: [CatalogEntry]) { self.esprits = esprits }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        esprits = try buffer.readWireList(field: "esprits") { (buffer: inout ByteBuffer) throws(WireDecodingError) in
            CatalogEntry(
                id: try buffer.readWire(field: "id"), name: try buffer.readWireString(field: "name"),
                element: try buffer.readWire(field: "element"), tier: try buffer.readWire(field: "tier"),
                atk: try buffer.readWire(field: "atk"), def: try buffer.readWire(field: "def"), hp: try buffer.readWire(field: "hp")
            )
        }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireList(esprits) { buffer, esprit in
            buffer.writeWire(esprit.id)
            buffer.writeWireString(esprit.name)
            buffer.writeWire(esprit.element)
            buffer.writeWire(esprit.tier)
            buffer.writeWire(esprit.atk)
            buffer.writeWire(esprit.def)
            buffer.writeWire(esprit.hp)
        }
    }
}
