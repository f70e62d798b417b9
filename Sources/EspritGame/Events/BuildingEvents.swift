/// `BuildingBuilt`: a building of `type` now stands at level 1, producing from `asOf`.
public struct BuildingBuilt: Equatable, Sendable {
    public var type: String
    public var asOf: Int64

    public init(type: String, asOf: Int64) {
        self.type = type
        self.asOf = asOf
    }
}

/// `BuildingUpgraded`: the building of `type` is now at `levelAfter`.
public struct BuildingUpgraded: Equatable, Sendable {
    public var type: String
    public var levelAfter: Int

    public init(type: String, levelAfter: Int) {
        self.type = type
        self.levelAfter = levelAfter
    }
}

/// `BuildingCollected`: the building paid `amount` and now owes production from `asOfAfter`.
public struct BuildingCollected: Equatable, Sendable {
    public var type: String
    public var amount: Int64
    public var asOfAfter: Int64

    public init(type: String, amount: Int64, asOfAfter: Int64) {
        self.type = type
        self.amount = amount
        self.asOfAfter = asOfAfter
    }
}
