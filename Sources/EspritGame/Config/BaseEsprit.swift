/// One base Esprit of the catalog: what every copy of it is.
public struct BaseEsprit: Codable, Equatable, Sendable {
    public var id: UInt32
    public var name: String
    public var element: Element
    public var tier: Int
    public var atk: Int64
    public var def: Int64
    public var hp: Int64

    public init(id: UInt32, name: String, element: Element, tier: Int, atk: Int64, def: Int64, hp: Int64) {
        self.id = id
        self.name = name
        self.element = element
        self.tier = tier
        self.atk = atk
        self.def = def
        self.hp = hp
    }

    /// The power of one copy with no stars: `atk + def + hp`.
    public var basePower: Int64 { atk + def + hp }
}
