import EspritGame
import Testing

@Suite struct EnergyTests {
    let config = GameConfig()

    @Test func regeneratesOnePointPerPeriodUpToTheMax() {
        let energy = Energy(value: 10, asOf: 0)
        #expect(energy.current(now: 299_999, max: 50, config: config) == 10)
        #expect(energy.current(now: 300_000, max: 50, config: config) == 11)
        #expect(energy.current(now: 3_000_000, max: 50, config: config) == 20)
        #expect(energy.current(now: 1_000_000_000, max: 50, config: config) == 50)
    }

    /// Spending keeps a half-regenerated point half regenerated.
    @Test func regenerationKeepsThePartialPeriod() {
        let energy = Energy(value: 10, asOf: 0).regenerated(now: 450_000, max: 50, config: config)
        #expect(energy == Energy(value: 11, asOf: 300_000))
        #expect(energy.nextPointAt(now: 450_000, max: 50, config: config) == 600_000)
    }

    @Test func atTheMaxTheClockRestartsAndNoPointIsDue() {
        let energy = Energy(value: 49, asOf: 0).regenerated(now: 10_000_000, max: 50, config: config)
        #expect(energy == Energy(value: 50, asOf: 10_000_000))
        #expect(energy.nextPointAt(now: 10_000_000, max: 50, config: config) == nil)
    }

    @Test func energyAboveTheMaxDoesNotRegenerate() {
        #expect(Energy(value: 70, asOf: 0).current(now: 10_000_000, max: 50, config: config) == 70)
    }

    @Test func maxEnergyGrowsWithLevel() {
        #expect(config.maxEnergy(level: 1) == 50)
        #expect(config.maxEnergy(level: 100) == 248)
    }

    @Test func xpToNextFollowsGameMd() {
        #expect(config.xpToNext(level: 1) == 100)
        #expect(config.xpToNext(level: 2) == 283)
        #expect(config.xpToNext(level: 10) == 3_162)
    }
}
