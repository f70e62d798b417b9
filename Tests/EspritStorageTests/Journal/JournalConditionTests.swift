@testable import EspritStorage
import Foundation
import Testing

/// The journal's lock: exclusive, its condition wakes waiters, and a timed wait ends.
@Suite struct JournalConditionTests {
    /// A box the threads share, only ever touched under the condition's lock.
    private final class Shared: @unchecked Sendable {
        var count = 0
        var ready = false
    }

    @Test func twoThreadsCountingUnderTheLockLoseNoIncrement() async {
        let condition = JournalCondition()
        let shared = Shared()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<100_000 {
                        condition.lock()
                        shared.count += 1
                        condition.unlock()
                    }
                }
            }
        }
        #expect(shared.count == 200_000)
    }

    @Test func aSignalWakesTheThreadWaitingForIt() {
        let condition = JournalCondition()
        let shared = Shared()
        let woken = DispatchSemaphore(value: 0)
        Thread {
            condition.lock()
            while !shared.ready { condition.wait() }
            condition.unlock()
            woken.signal()
        }.start()
        condition.lock()
        shared.ready = true
        condition.signal()
        condition.unlock()
        #expect(woken.wait(timeout: .now() + 10) == .success)
    }

    /// Its deadline is counted on the monotonic clock from now: a wrong one would wait for
    /// ever, or not at all.
    @Test func aTimedWaitWithNoSignalEndsAfterItsDuration() {
        let condition = JournalCondition()
        let clock = ContinuousClock()
        condition.lock()
        let elapsed = clock.measure { condition.wait(for: .milliseconds(50)) }
        condition.unlock()
        #expect(elapsed < .seconds(10))
        #expect(elapsed >= .milliseconds(40), "a spurious wake-up this early is rare enough not to expect")
    }
}
