@testable import EspritServer
import NIOCore
import Testing

@Suite struct LoginThrottleTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func anAddressMayFailBurstTimesThenWaitsForATokenToReturn() {
        let throttle = LoginThrottle(burst: 3, interval: .seconds(2))
        for _ in 0..<3 {
            #expect(throttle.retryAfter("10.0.0.1", now: start) == nil)
            throttle.recordFailure("10.0.0.1", now: start)
        }
        #expect(throttle.retryAfter("10.0.0.1", now: start) == 2_000)
        #expect(throttle.retryAfter("10.0.0.1", now: start + .milliseconds(1_500)) == 500)
        #expect(throttle.retryAfter("10.0.0.1", now: start + .seconds(2)) == nil)
        #expect(throttle.retryAfter("10.0.0.2", now: start) == nil, "another address is not affected")
    }

    @Test func aFloodOfAddressesNeverGrowsTheTablePastItsBound() {
        let throttle = LoginThrottle(burst: 2, interval: .seconds(60))
        for index in 0..<(LoginThrottle.maxTrackedAddresses + 10) {
            throttle.recordFailure("addr-\(index)", now: start)
        }
        #expect(throttle.trackedAddresses <= LoginThrottle.maxTrackedAddresses)
        #expect(throttle.retryAfter("newcomer", now: start) != nil, "while the table is full of live buckets, new addresses wait")
        // Once the buckets have refilled, the sweep frees the table.
        throttle.recordFailure("newcomer", now: start + .seconds(600))
        #expect(throttle.trackedAddresses == 1)
    }
}
