import EspritGame
import Testing

@Suite struct RegisterRuleTests {
    @Test func aNewPlayerStartsAsGameMdSays() throws {
        var fixture = GameFixture()
        let outcome = try RegisterRule.run(
            playerId: 4, name: "Ayla_9", tokenHash: [1, 2], context: fixture.context(), rules: fixture.rules, random: &fixture.random
        )
        let events = outcome.events
        let player = outcome.player
        // The state the server keeps is the state the journal's events rebuild.
        #expect(PlayerState(replaying: events) == player)
        #expect(player.name == "Ayla_9")
        #expect(player.level == 1)
        #expect(player.xp == 0)
        #expect(player.energy == Energy(value: 50, asOf: fixture.now))
        #expect(player.balances[.lumees] == 1_000)
        #expect(player.balances[.revies] == 50)
        #expect(Currency.allCases.filter { player.balances[$0] != 0 } == [.lumees, .revies])
        #expect(events.map(\.name) == ["PlayerRegistered", "CurrencyChanged", "CurrencyChanged", "EspritAdded", "EspritAdded", "EspritAdded"])
        #expect(events.allSatisfy { $0.correlationId == "corr" && $0.causationId == "cmd" && $0.at == fixture.now && $0.playerId == 4 })
    }

    @Test func starterEspritsAreTierOneOfThreeDistinctElements() {
        var fixture = GameFixture()
        var elementsSeen = Set<Element>()
        for id in 1...200 {
            let player = fixture.newPlayer(id: UInt64(id), name: "Player\(id)")
            let starters = player.esprits.stacks.compactMap { fixture.rules.esprit($0.baseId) }
            #expect(starters.count == 3)
            #expect(player.esprits.stacks.allSatisfy { $0.count == 1 && $0.stars == 0 })
            #expect(starters.allSatisfy { $0.tier == 1 })
            #expect(Set(starters.map(\.element)).count == 3)
            elementsSeen.formUnion(starters.map(\.element))
        }
        #expect(elementsSeen == Set(Element.allCases))
    }

    @Test(arguments: ["ab", "abcdefghijklmnopqrstu", "a b", "ayla!", "Ünïcode", ""])
    func malformedNamesAreRefused(name: String) {
        var fixture = GameFixture()
        #expect(throws: GameError.self) {
            try RegisterRule.run(playerId: 1, name: name, tokenHash: [], context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }

    @Test func theNameBoundsAreInclusive() throws {
        var fixture = GameFixture()
        for name in ["abc", String(repeating: "z", count: 20)] {
            let events = try RegisterRule.run(playerId: 1, name: name, tokenHash: [], context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
            guard case let .playerRegistered(registered) = events.first?.payload else {
                Issue.record("\(name): no PlayerRegistered")
                continue
            }
            #expect(registered.name == name)
        }
        #expect(throws: GameError.validation(field: "name", reason: "must be 3–20 characters, got 21")) {
            try RegisterRule.run(playerId: 1, name: String(repeating: "z", count: 21), tokenHash: [], context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }

    @Test func aTooShortNameSaysWhichRuleFailed() {
        var fixture = GameFixture()
        #expect(throws: GameError.validation(field: "name", reason: "must be 3–20 characters, got 2")) {
            try RegisterRule.run(playerId: 1, name: "ab", tokenHash: [], context: fixture.context(), rules: fixture.rules, random: &fixture.random).events
        }
    }

    @Test func uniquenessIgnoresCase() {
        #expect(PlayerName.uniquenessKey("AyLa") == PlayerName.uniquenessKey("aYlA"))
    }
}
