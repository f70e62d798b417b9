import EspritGame
import Foundation
import Testing

@Suite struct GameConfigTests {
    private func load(_ json: String) throws(ConfigError) -> GameConfig {
        try GameConfig.load(json: Data(json.utf8))
    }

    private func loadError(_ json: String) -> ConfigError? {
        do {
            _ = try load(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func theDefaultIsValidAndReproducesGameMd() throws {
        let config = GameConfig()
        try config.validate()
        #expect(config.players.startingLumees == 1_000 && config.players.startingRevies == 50)
        #expect(config.currencies.maxBalance == 1_000_000_000_000)
        #expect(config.energy.regenSeconds == 300 && config.energy.cap == 999)
        #expect(config.fusion.costBase == 100 && config.fusion.successFloor == 0.30)
        #expect(config.summons.banners.map(\.id) == ["standard"])
        #expect(config.summons.banners[0].tierWeights.map(\.weight) == [55, 28, 12, 4, 1])
        #expect(config.daily.echoTable.map(\.weight) == [60, 25, 10, 5])
        #expect(config.quests.zones == 20)
        #expect(config.buildings.map(\.type) == ["lumee_mine", "revie_shrine"])
    }

    @Test func theDefaultCatalogHasTwoOrMoreNamedEspritsPerElementAndTier() {
        let catalog = GameConfig().catalog
        #expect(catalog.count >= 216)
        for element in Element.allCases {
            for tier in 1...18 {
                #expect(catalog.filter { $0.element == element && $0.tier == tier }.count >= 2, "\(element.name) tier \(tier)")
            }
        }
        #expect(Set(catalog.map { $0.name.lowercased() }).count == catalog.count)
    }

    @Test func aFileOverridesOnlyTheKeysItNames() throws {
        let config = try load(#"{"players": {"startingLumees": 5000}, "quests": {"captureChance": 0.5}}"#)
        #expect(config.players.startingLumees == 5_000)
        #expect(config.players.startingRevies == 50)
        #expect(config.quests.captureChance == 0.5)
        #expect(config.catalog == GameConfig().catalog)
    }

    @Test func printedDefaultLoadsBackUnchanged() throws {
        #expect(try load(GameConfig().printed()) == GameConfig())
    }

    @Test func anUnknownKeyIsNamedByItsPath() {
        #expect(loadError(#"{"players": {"startingGold": 1}}"#) == ConfigError(path: "players.startingGold", reason: "unknown key"))
        #expect(loadError(#"{"summons": {"banners": [{"id": "x", "colour": "red"}]}}"#) == ConfigError(path: "summons.banners[0].colour", reason: "unknown key"))
    }

    @Test func aTypeMismatchIsNamedByItsPath() {
        #expect(loadError(#"{"energy": {"regenSeconds": "five minutes"}}"#) == ConfigError(path: "energy.regenSeconds", reason: "expected an integer"))
        #expect(loadError(#"{"catalog": [{"id": 1, "name": "A", "element": "plasma", "tier": 1, "atk": 1, "def": 1, "hp": 1}]}"#)?.path == "catalog[0].element")
    }

    @Test func aNegativeCostIsRefused() {
        #expect(loadError(#"{"fusion": {"costBase": -1}}"#) == ConfigError(path: "fusion.costBase", reason: "must not be negative, got -1"))
    }

    @Test func namesLongerThanTheWireEchoesAreRefused() {
        #expect(loadError(#"{"players": {"nameMaxLength": 65}}"#) == ConfigError(path: "players.nameMaxLength", reason: "must be at most 64"))
    }

    @Test func weightsSummingToZeroAreRefused() {
        let banner = #"{"id": "zero", "currency": "revies", "singleCost": 1, "tenCost": 9, "tierWeights": [{"tier": 1, "weight": 0}], "pityPulls": 50, "pityTier": 5, "tenPullMinTier": 3}"#
        #expect(loadError(#"{"summons": {"banners": ["# + banner + "]}}") == ConfigError(path: "summons.banners[0].tierWeights", reason: "weights must not sum to 0"))
    }

    @Test func aTierWithNoEspritIsRefused() throws {
        var config = GameConfig()
        config.catalog.removeAll { $0.element == .wind && $0.tier == 7 }
        #expect(throws: ConfigError(path: "catalog", reason: "no wind Esprit of tier 7")) { try config.validate() }
    }

    @Test func malformedJSONAndNonObjectsAreRefused() {
        #expect(loadError("{") != nil)
        #expect(loadError("[1, 2]") == ConfigError(path: "", reason: "the top level must be a JSON object"))
    }
}
