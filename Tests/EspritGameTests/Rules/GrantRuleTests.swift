import EspritGame
import Testing

@Suite struct GrantRuleTests {
    let context = CommandContext(correlationId: "corr", commandId: "cmd", now: 5_000)
    let config = GameConfig()

    private func newPlayer() throws -> PlayerState {
        PlayerState(replaying: try RegisterRule.events(playerId: 1, name: "Ayla", tokenHash: [], context: context, config: config))
    }

    @Test func aGrantRecordsDeltaAndBalanceAfter() throws {
        var player = try newPlayer()
        let events = try GrantRule.events(player: player, currency: .fireShards, amount: 40, context: context, config: config)
        #expect(events.count == 1)
        #expect(events[0].payload == .currencyChanged(CurrencyChanged(currency: .fireShards, delta: 40, balanceAfter: 40, reason: "admin_grant")))
        for event in events { player.apply(event) }
        #expect(player.balances[.fireShards] == 40)
    }

    @Test(arguments: [Int64(0), -1, Int64.min])
    func nonPositiveAmountsAreRefused(amount: Int64) throws {
        let player = try newPlayer()
        #expect(throws: GameError.validation(field: "amount", reason: "must be 1–1000000000000, got \(amount)")) {
            try GrantRule.events(player: player, currency: .lumees, amount: amount, context: context, config: config)
        }
    }

    @Test func theBalanceCapIsEnforced() throws {
        let player = try newPlayer()
        #expect(throws: GameError.limitReached(limit: 1_000_000_000_000, value: 1_000_000_001_000)) {
            try GrantRule.events(player: player, currency: .lumees, amount: 1_000_000_000_000, context: context, config: config)
        }
        let exact = try GrantRule.events(player: player, currency: .lumees, amount: 999_999_999_000, context: context, config: config)
        #expect(exact.first?.payload == .currencyChanged(CurrencyChanged(currency: .lumees, delta: 999_999_999_000, balanceAfter: 1_000_000_000_000, reason: "admin_grant")))
    }
}
