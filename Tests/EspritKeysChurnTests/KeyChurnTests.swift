@testable import esprit_keys_churn
import Testing

/// The churn that `keys-cost.sh` counts makes the keyed changes it says: every player filled to
/// its bound and kept there, new keys missed, retried keys found and kept no second time.
@Suite struct KeyChurnTests {
    @Test func newKeysAreMissedAndPlayersStayAtTheirBound() {
        let churn = KeyChurn(players: 3, bound: 8)
        #expect(churn.run(changes: 0) == KeyChurn.Summary(found: 0, kept: 24))
        #expect(churn.run(changes: 1_000) == KeyChurn.Summary(found: 0, kept: 24))
    }

    /// After the 24 fills, the changes at steps 25, 30, … 120 retry: 20 of them.
    @Test func everyRetryIsFound() {
        let churn = KeyChurn(players: 3, bound: 8, retryEvery: 5)
        #expect(churn.run(changes: 100) == KeyChurn.Summary(found: 20, kept: 24))
    }
}
