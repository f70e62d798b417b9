/// A validated ``GameConfig`` with the lookups the rules need, built once at start-up.
///
/// A class: every request hands the rules to its rule, and copying a struct of this many
/// arrays and dictionaries would retain each of them, where a reference is one retain.
public final class Ruleset: Sendable {
    public let config: GameConfig
    private let esprits: [UInt32: BaseEsprit]
    /// Base ids per element and tier: `idsByElementAndTier[element.rawValue][tier − 1]`.
    private let idsByElementAndTier: [[[UInt32]]]

    /// - Precondition: `config.validate()` passes; every element has Esprits of every tier.
    public init(config: GameConfig) {
        self.config = config
        var byId: [UInt32: BaseEsprit] = [:]
        var grouped = Array(repeating: Array(repeating: [UInt32](), count: config.esprits.maxTier), count: Element.allCases.count)
        for esprit in config.catalog {
            byId[esprit.id] = esprit
            grouped[Int(esprit.element.rawValue)][esprit.tier - 1].append(esprit.id)
        }
        self.esprits = byId
        self.idsByElementAndTier = grouped
    }

    public static let `default` = Ruleset(config: GameConfig())

    public func esprit(_ baseId: UInt32) -> BaseEsprit? {
        esprits[baseId]
    }

    /// Every base Esprit of `element` and `tier`.
    public func esprits(element: Element, tier: Int) -> [UInt32] {
        idsByElementAndTier[Int(element.rawValue)][tier - 1]
    }

    /// Every base Esprit of `tier`, all elements.
    public func esprits(tier: Int) -> [UInt32] {
        Element.allCases.flatMap { esprits(element: $0, tier: tier) }
    }

    /// A uniformly chosen base Esprit of `element` and `tier`.
    @_specialize(exported: true, where Random == GameRandom)
    public func randomEsprit<Random: RandomNumberGenerator>(element: Element, tier: Int, using random: inout Random) -> UInt32 {
        idsByElementAndTier[Int(element.rawValue)][tier - 1].randomElement(using: &random)!
    }

    /// A uniformly chosen element, then a uniformly chosen base Esprit of it and `tier`.
    @_specialize(exported: true, where Random == GameRandom)
    public func randomEsprit<Random: RandomNumberGenerator>(tier: Int, using random: inout Random) -> UInt32 {
        randomEsprit(element: Element.allCases.randomElement(using: &random)!, tier: tier, using: &random)
    }

    public func banner(_ id: String) -> BannerConfig? {
        config.summons.banners.first { $0.id == id }
    }

    public func building(_ type: String) -> BuildingConfig? {
        config.buildings.first { $0.type == type }
    }
}
