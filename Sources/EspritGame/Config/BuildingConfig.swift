/// One kind of building (GAME.md, "Buildings"): what it produces and what it costs.
public struct BuildingConfig: Codable, Equatable, Sendable {
    public var type: String
    public var produces: Currency
    public var maxLevel: Int
    /// Production per hour at level l: `ratePerLevel × l`.
    public var ratePerLevel: Int64
    /// It holds at most this many hours of production.
    public var capacityHours: Int64
    /// Building costs `buildCost` lumees; upgrading from level l costs `upgradeCostBase × (l + 1)²`.
    public var buildCost: Int64
    public var upgradeCostBase: Int64

    public static let defaults = [
        BuildingConfig(type: "lumee_mine", produces: .lumees, maxLevel: 10, ratePerLevel: 60, capacityHours: 8, buildCost: 1_000, upgradeCostBase: 1_000),
        BuildingConfig(type: "revie_shrine", produces: .revies, maxLevel: 5, ratePerLevel: 1, capacityHours: 24, buildCost: 5_000, upgradeCostBase: 5_000),
    ]
}
