@testable import EspritServer
import NIOCore
import Testing

@Suite struct AddressThrottleTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func anAddressMayFailBurstTimesThenWaitsForATokenToReturn() {
        let throttle = AddressThrottle(burst: 3, interval: .seconds(2))
        for _ in 0..<3 {
            #expect(throttle.attempt("10.0.0.1", now: start) == nil)
        }
        #expect(throttle.attempt("10.0.0.1", now: start) == 2_000)
        #expect(throttle.attempt("10.0.0.1", now: start + .milliseconds(1_500)) == 500)
        #expect(throttle.attempt("10.0.0.1", now: start + .seconds(2)) == nil)
        #expect(throttle.attempt("10.0.0.2", now: start) == nil, "another address is not affected")
    }

    /// Attempts take their token up front, so concurrent attempts cannot race past the limit;
    /// successes give theirs back.
    @Test func successesCostNothingAndConcurrentAttemptsCannotOvershoot() {
        let throttle = AddressThrottle(burst: 2, interval: .seconds(60))
        #expect(throttle.attempt("a", now: start) == nil)
        #expect(throttle.attempt("a", now: start) == nil)
        #expect(throttle.attempt("a", now: start) != nil, "two attempts in flight use the whole burst")
        throttle.refund("a", now: start)
        #expect(throttle.attempt("a", now: start) == nil, "a success gave its token back")
    }

    @Test func aFloodOfAddressesNeverGrowsTheTableAndNewcomersGetInOnceBucketsRefill() {
        let throttle = AddressThrottle(burst: 2, interval: .seconds(60))
        for index in 0..<(AddressThrottle.maxTrackedAddresses + 10) {
            _ = throttle.attempt("addr-\(index)", now: start)
        }
        #expect(throttle.trackedAddresses <= AddressThrottle.maxTrackedAddresses)
        #expect(throttle.attempt("newcomer", now: start) != nil, "while the table is full of live buckets, new addresses wait")
        // Once the buckets have refilled, the next attempt's sweep frees the table.
        #expect(throttle.attempt("newcomer", now: start + .seconds(600)) == nil)
        #expect(throttle.trackedAddresses == 1)
    }
}
