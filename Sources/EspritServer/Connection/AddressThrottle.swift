import NIOCore
import Synchronization

/// A token bucket per remote address: what a stranger may do before being answered
/// `RATE_LIMITED`. Two of them: failed `LOGIN`s and `ADMIN_LOGIN`s (guessing a token or the
/// admin key costs the guesser time, not the server CPU), and registrations (a stranger cannot
/// fill the server with players).
///
/// Every attempt takes a token when it starts ("attempt"); the login throttle gives a
/// successful one's back ("refund"), so that failures are what is counted, and many
/// connections from one address cannot race past the limit while their attempts are still
/// being checked. Tokens come back one per `interval` up to `burst`. With none left, the
/// attempt is answered `RATE_LIMITED` without being checked.
///
/// The table is bounded: past ``maxTrackedAddresses`` the addresses whose buckets have refilled
/// are forgotten (at most once per `interval`, so the sweep's cost is bounded too), and while
/// none has, a new address waits like one out of tokens — a flood of addresses can slow
/// attempts from new addresses for as long as it lasts, never grow memory.
final class AddressThrottle: Sendable {
    private struct Table {
        var buckets: [String: TokenBucket] = [:]
        var sweptAt: NIODeadline = .uptimeNanoseconds(0)
    }

    static let maxTrackedAddresses = 65_536

    let rate: TokenRate
    private let table = Mutex(Table())

    init(burst: Int, interval: TimeAmount) {
        rate = TokenRate(burst: burst, interval: interval)
    }

    /// Takes a token for an attempt from `address`: nil when the attempt may go ahead, else the
    /// milliseconds until it may try again.
    func attempt(_ address: String, now: NIODeadline = .now()) -> Int64? {
        table.withLock { table in
            if table.buckets[address] == nil, table.buckets.count >= Self.maxTrackedAddresses {
                sweep(&table, now: now)
                guard table.buckets.count < Self.maxTrackedAddresses else { return millisecondsPerToken }
            }
            var bucket = table.buckets[address] ?? TokenBucket(rate, at: now)
            if let wait = bucket.take(at: now, rate) { return wait }
            table.buckets[address] = bucket
            return nil
        }
    }

    /// Gives back the token of an attempt that succeeded.
    func refund(_ address: String, now: NIODeadline = .now()) {
        table.withLock { table in
            table.buckets[address]?.giveBack(at: now, rate)
        }
    }

    /// Addresses with a bucket now.
    var trackedAddresses: Int { table.withLock { $0.buckets.count } }

    private var millisecondsPerToken: Int64 { max(1, rate.interval.nanoseconds / 1_000_000) }

    /// Forgets the addresses whose buckets are full again, at most once per `interval`.
    private func sweep(_ table: inout Table, now: NIODeadline) {
        guard now - table.sweptAt >= rate.interval else { return }
        table.sweptAt = now
        table.buckets = table.buckets.filter { !$0.value.isFull(at: now, rate) }
    }
}
