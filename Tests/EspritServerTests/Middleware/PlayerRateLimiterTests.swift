@testable import EspritServer
import NIOCore
import Testing

/// Players' token buckets, driven by a clock the test holds.
@Suite struct PlayerRateLimiterTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func limits(perSecond: Int, burst: Int) -> PlayerRateLimits {
        var limits = PlayerRateLimits()
        limits.readsPerSecond = perSecond
        limits.readBurst = burst
        limits.changesPerSecond = perSecond
        limits.changeBurst = burst
        return limits
    }

    @Test func aBurstThenTheSustainedRateAndAWaitThatSaysWhen() {
        let limiter = PlayerRateLimiter(limits: limits(perSecond: 20, burst: 40))
        for index in 0..<40 {
            #expect(limiter.take(7, .change, now: start) == nil, "request \(index) of the burst")
        }
        // 20 a second: the next token comes 50 ms after the burst.
        #expect(limiter.take(7, .change, now: start) == 50)
        #expect(limiter.take(7, .change, now: start + .milliseconds(30)) == 20)
        #expect(limiter.take(7, .change, now: start + .milliseconds(50)) == nil)
        #expect(limiter.take(7, .change, now: start + .milliseconds(50)) == 50)
        // A second later the bucket holds 20 again, not 40: it refills at the rate.
        let later = start + .milliseconds(1_050)
        for _ in 0..<20 { #expect(limiter.take(7, .change, now: later) == nil) }
        #expect(limiter.take(7, .change, now: later) != nil)
    }

    @Test func playersAndClassesHaveBucketsOfTheirOwn() {
        let limiter = PlayerRateLimiter(limits: limits(perSecond: 1, burst: 2))
        for _ in 0..<2 { #expect(limiter.take(1, .change, now: start) == nil) }
        #expect(limiter.take(1, .change, now: start) == 1_000)
        #expect(limiter.take(1, .read, now: start) == nil, "reads are not spent by changes")
        #expect(limiter.take(2, .change, now: start) == nil, "another player is not spent by this one")
    }

    @Test func aRateOfZeroIsNoLimit() {
        let limiter = PlayerRateLimiter(limits: .off)
        for _ in 0..<10_000 { #expect(limiter.take(1, .change, now: start) == nil) }
        #expect(limiter.trackedBuckets == 0)
    }

    /// With no limit on a class, its requests do not read the clock (the benchmarks run with
    /// limits off); a limited class reads it once per request.
    @Test func onlyALimitedClassReadsTheClock() {
        var limits = limits(perSecond: 20, burst: 40)
        limits.readsPerSecond = 0
        let limiter = PlayerRateLimiter(limits: limits)
        var clockReads = 0
        let clock = { () -> NIODeadline in
            clockReads += 1
            return start
        }
        for _ in 0..<10 { #expect(limiter.take(1, .read, now: clock()) == nil) }
        #expect(clockReads == 0)
        #expect(limiter.take(1, .change, now: clock()) == nil)
        #expect(clockReads == 1)
    }

    /// Memory follows activity: once past the threshold, buckets that have refilled are
    /// forgotten (a new one would be the same), and those still spending are kept.
    @Test func refilledBucketsAreForgottenOncePastTheThreshold() {
        let limiter = PlayerRateLimiter(limits: limits(perSecond: 10, burst: 10), minimumSweepThreshold: 100)
        for player in UInt64(0)..<100 { _ = limiter.take(player, .read, now: start) }
        #expect(limiter.trackedBuckets == 100)
        // A second later all of them are full again; one more player passes the threshold.
        let later = start + .seconds(1)
        for _ in 0..<5 { _ = limiter.take(1_000, .read, now: later) }
        _ = limiter.take(1_001, .read, now: later)
        #expect(limiter.trackedBuckets == 2, "the two players spending now")
        for _ in 0..<10 { _ = limiter.take(1_000, .read, now: later) }
        #expect(limiter.take(1_000, .read, now: later) != nil, "a kept bucket keeps its spending")
    }
}
