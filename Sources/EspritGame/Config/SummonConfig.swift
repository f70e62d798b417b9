/// Summon banners (GAME.md, "Summons").
public struct SummonConfig: Codable, Equatable, Sendable {
    public var banners = [BannerConfig.standard]
}

/// One banner: its prices, tier odds and guarantees.
public struct BannerConfig: Codable, Equatable, Sendable {
    public var id: String
    public var currency: Currency
    public var singleCost: Int64
    public var tenCost: Int64
    public var tierWeights: [TierWeight]
    /// The `pityPulls`-th consecutive pull without a `pityTier` result is `pityTier`.
    public var pityPulls: Int
    public var pityTier: Int
    /// A ten-pull holds at least one result of this tier or above (the last pull is upgraded).
    public var tenPullMinTier: Int

    public static let standard = BannerConfig(
        id: "standard", currency: .revies, singleCost: 30, tenCost: 270,
        tierWeights: [
            TierWeight(tier: 1, weight: 55), TierWeight(tier: 2, weight: 28), TierWeight(tier: 3, weight: 12),
            TierWeight(tier: 4, weight: 4), TierWeight(tier: 5, weight: 1),
        ],
        pityPulls: 50, pityTier: 5, tenPullMinTier: 3
    )
}

public struct TierWeight: Codable, Equatable, Sendable {
    public var tier: Int
    public var weight: Int
}
