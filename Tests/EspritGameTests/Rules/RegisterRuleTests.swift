import EspritGame
import Testing

@Suite struct RegisterRuleTests {
    let context = CommandContext(correlationId: "corr", commandId: "cmd", now: 1_000)
    let config = GameConfig()

    @Test func aNewPlayerStartsAsGameMdSays() throws {
        let events = try RegisterRule.events(playerId: 4, name: "Ayla_9", tokenHash: [1, 2], context: context, config: config)
        let player = PlayerState(replaying: events)
        #expect(player.name == "Ayla_9")
        #expect(player.level == 1)
        #expect(player.xp == 0)
        #expect(player.energy == Energy(value: 50, asOf: 1_000))
        #expect(player.balances[.lumees] == 1_000)
        #expect(player.balances[.revies] == 50)
        #expect(Currency.allCases.filter { player.balances[$0] != 0 } == [.lumees, .revies])
        #expect(events.map(\.name) == ["PlayerRegistered", "CurrencyChanged", "CurrencyChanged"])
        #expect(events.allSatisfy { $0.correlationId == "corr" && $0.causationId == "cmd" && $0.at == 1_000 && $0.playerId == 4 })
    }

    @Test(arguments: ["ab", "abcdefghijklmnopqrstu", "a b", "ayla!", "Ünïcode", ""])
    func malformedNamesAreRefused(name: String) {
        #expect(throws: GameError.self) {
            try RegisterRule.events(playerId: 1, name: name, tokenHash: [], context: context, config: config)
        }
    }

    @Test func theNameBoundsAreInclusive() throws {
        _ = try RegisterRule.events(playerId: 1, name: "abc", tokenHash: [], context: context, config: config)
        _ = try RegisterRule.events(playerId: 1, name: String(repeating: "z", count: 20), tokenHash: [], context: context, config: config)
    }

    @Test func aTooShortNameSaysWhichRuleFailed() {
        #expect(throws: GameError.validation(field: "name", reason: "must be 3–20 characters, got 2")) {
            try RegisterRule.events(playerId: 1, name: "ab", tokenHash: [], context: context, config: config)
        }
    }

    @Test func uniquenessIgnoresCase() {
        #expect(PlayerName.uniquenessKey("AyLa") == PlayerName.uniquenessKey("aYlA"))
    }
}
