/// One building a player has built.
public struct BuildingState: Equatable, Sendable {
    /// The `type` of its ``BuildingConfig``.
    public var type: String
    public var level: Int
    /// Production is owed from this instant (milliseconds since the Unix epoch); collecting
    /// moves it forward only by the time worth of what was paid, so fractions carry over.
    public var asOf: Int64

    public init(type: String, level: Int, asOf: Int64) {
        self.type = type
        self.level = level
        self.asOf = asOf
    }
}
