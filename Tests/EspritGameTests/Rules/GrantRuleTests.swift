import EspritGame
import Testing

@Suite struct GrantRuleTests {
    @Test func aGrantRecordsDeltaAndBalanceAfter() throws {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        let events = try GrantRule.run(player: player, currency: .fireShards, amount: 40, context: fixture.context(), rules: fixture.rules).events
        #expect(events.map(\.payload) == [.currencyChanged(CurrencyChanged(currency: .fireShards, delta: 40, balanceAfter: 40, reason: "admin_grant"))])
        #expect(GameFixture.applying(events, to: player).balances[.fireShards] == 40)
    }

    @Test(arguments: [Int64(0), -1, Int64.min])
    func nonPositiveAmountsAreRefused(amount: Int64) throws {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        #expect(throws: GameError.validation(field: "amount", reason: "must be 1–1000000000000, got \(amount)")) {
            try GrantRule.run(player: player, currency: .lumees, amount: amount, context: fixture.context(), rules: fixture.rules).events
        }
    }

    @Test func theBalanceCapIsEnforced() throws {
        var fixture = GameFixture()
        let player = fixture.newPlayer()
        #expect(throws: GameError.limitReached(limit: 1_000_000_000_000, value: 1_000_000_001_000)) {
            try GrantRule.run(player: player, currency: .lumees, amount: 1_000_000_000_000, context: fixture.context(), rules: fixture.rules).events
        }
        let exact = try GrantRule.run(player: player, currency: .lumees, amount: 999_999_999_000, context: fixture.context(), rules: fixture.rules).events
        #expect(exact.first?.payload == .currencyChanged(CurrencyChanged(currency: .lumees, delta: 999_999_999_000, balanceAfter: 1_000_000_000_000, reason: "admin_grant")))
    }
}
