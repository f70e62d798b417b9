import ArgumentParser
import EspritClient
import EspritProtocol

/// `esprit tables`: the server's costs, rates and odds, as `GET_TABLES` answers them.
struct TablesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tables", abstract: "Show costs, rates, zones, banner odds and buildings.")
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await reportingErrors {
            let client = try await connection.connect()
            defer { Task { await client.close() } }
            let tables = try await client.tables()
            print("zones (zone: level, energy, xp, lumees, capture)")
            for zone in tables.zones {
                print("  \(zone.zone): level \(zone.requiredLevel), energy \(zone.energy), xp \(zone.xp), lumees \(zone.lumeesMin)–\(zone.lumeesMax), \(percent(zone.captureChancePpm)) tier \(zone.captureTier)")
            }
            print("fusion (tier: cost, success, shards on failure)")
            for row in tables.fusion {
                print("  \(row.tier): \(row.cost) lumees, \(percent(row.successPpm)), \(row.failureShards) shards")
            }
            print("awakening: " + tables.awakening.map { "\($0.fromStars)→\($0.fromStars + 1)★ \($0.copies) copies + \($0.cost) lumees" }.joined(separator: "; "))
            print("crafting: " + tables.crafting.map { "tier \($0.tier) \($0.shards) shards" }.joined(separator: "; "))
            for banner in tables.banners {
                let total = banner.odds.reduce(0) { $0 + Double($1.weight) }
                let odds = banner.odds.map { "t\($0.tier) \(String(format: "%.1f", Double($0.weight) / total * 100))%" }.joined(separator: ", ")
                print("banner \(banner.id): \(banner.singleCost)/\(banner.tenCost) \(EventText.currencyName(banner.currency)); \(odds); pity \(banner.pityPulls) → tier \(banner.pityTier); ten-pull ≥ tier \(banner.tenPullMinTier)")
            }
            for building in tables.buildings {
                print("\(building.type): \(building.ratePerLevel) \(EventText.currencyName(building.produces))/h per level, holds \(building.capacityHours) h, build \(building.buildCost), upgrades \(building.upgradeCosts.map { "\($0)" }.joined(separator: ", "))")
            }
            print("daily echo: " + tables.echo.map { "\($0.weight) \($0.reward)" + ($0.reward == "esprit" ? " tier \($0.tier)" : " \($0.min)–\($0.max)") }.joined(separator: "; "))
            print("streak bonus \(percent(tables.limits.streakBonusPerDayPpm))/day up to \(percent(tables.limits.streakBonusMaxPpm))")
        }
    }

    private func percent(_ ppm: UInt32) -> String {
        String(format: "%g%%", Double(ppm) / 10_000)
    }
}
