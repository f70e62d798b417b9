import EspritGame
import Testing

@Suite struct CurrencyTests {
    @Test func namesRoundTrip() {
        for currency in Currency.allCases {
            #expect(Currency(name: currency.name) == currency)
        }
        #expect(Currency(name: "gold") == nil)
        #expect(Currency.shards(.wind).name == "shards.wind")
    }

    @Test func balancesKeepEachCurrencyApart() {
        var balances = Balances()
        for currency in Currency.allCases { balances[currency] = Int64(currency.rawValue) * 1_000_000_007 }
        for currency in Currency.allCases { #expect(balances[currency] == Int64(currency.rawValue) * 1_000_000_007) }
    }
}
