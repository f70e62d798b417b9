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

    @Test func energyAboveTheMaxDoesNotRegenerate() {
        #expect(Energy(value: 70, asOf: 0).current(now: 10_000_000, max: 50, config: config) == 70)
    }

    @Test func maxEnergyGrowsWithLevel() {
        #expect(config.maxEnergy(level: 1) == 50)
        #expect(config.maxEnergy(level: 100) == 248)
    }
}
