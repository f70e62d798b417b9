/// The balance numbers of GAME.md that the rules built so far use; every one is a default that
/// a deployment may change.
public struct GameConfig: Equatable, Sendable {
    /// Lumees a new player starts with.
    public var startingLumees: Int64 = 1_000
    /// Revies a new player starts with.
    public var startingRevies: Int64 = 50
    /// No balance may exceed this.
    public var maxBalance: Int64 = 1_000_000_000_000
    /// `maxEnergy(level) = energyBase + energyPerLevel × (level − 1)`.
    public var energyBase: Int64 = 50
    public var energyPerLevel: Int64 = 2
    /// One energy point regenerates every this many seconds.
    public var energyRegenSeconds: Int64 = 300
    /// Player names: length bounds; the characters are `[A-Za-z0-9_]`.
    public var nameMinLength = 3
    public var nameMaxLength = 20

    public init() {}

    public func maxEnergy(level: Int) -> Int64 {
        energyBase + energyPerLevel * Int64(level - 1)
    }
}
