import NIOCore
import Synchronization

/// Limits failed `LOGIN` and `ADMIN_LOGIN` attempts per remote address with a token bucket, so
/// that guessing a token or the admin key costs the guesser time, not the server CPU.
///
/// A failure takes a token; tokens come back one per `interval` up to `burst`. With none left,
/// the next attempt is answered `RATE_LIMITED` without being checked. Successes cost nothing.
/// The table is bounded: past ``maxTrackedAddresses`` the addresses whose buckets have refilled
/// are forgotten (at most once per `interval`, so the sweep's cost is bounded too), and if none
/// has, a new address is treated as out of tokens — a flood of addresses can slow logins from
/// new addresses, never grow memory.
final class LoginThrottle: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: NIODeadline
    }

    static let maxTrackedAddresses = 65_536

    let burst: Int
    let interval: TimeAmount
    private struct Table {
        var buckets: [String: Bucket] = [:]
        var sweptAt: NIODeadline = .uptimeNanoseconds(0)
    }

    private let table = Mutex(Table())

    init(burst: Int, interval: TimeAmount) {
        self.burst = max(1, burst)
        self.interval = interval.nanoseconds > 0 ? interval : .nanoseconds(1)
    }

    /// Milliseconds until `address` may try again, or nil when it may try now.
    func retryAfter(_ address: String, now: NIODeadline = .now()) -> Int64? {
        table.withLock { table in
            guard let bucket = table.buckets[address] else {
                return table.buckets.count >= Self.maxTrackedAddresses ? millisecondsPerToken : nil
            }
            let tokens = refilled(bucket, now: now)
            guard tokens < 1 else { return nil }
            return max(1, Int64(((1 - tokens) * Double(interval.nanoseconds) / 1_000_000).rounded(.up)))
        }
    }

    /// Takes a token from `address` for a failed attempt.
    func recordFailure(_ address: String, now: NIODeadline = .now()) {
        table.withLock { table in
            if table.buckets[address] == nil, table.buckets.count >= Self.maxTrackedAddresses {
                guard now - table.sweptAt >= interval else { return }
                table.sweptAt = now
                table.buckets = table.buckets.filter { refilled($0.value, now: now) < Double(burst) }
                guard table.buckets.count < Self.maxTrackedAddresses else { return }
            }
            let tokens = table.buckets[address].map { refilled($0, now: now) } ?? Double(burst)
            table.buckets[address] = Bucket(tokens: max(0, tokens - 1), updatedAt: now)
        }
    }

    /// Addresses with a bucket now.
    var trackedAddresses: Int { table.withLock { $0.buckets.count } }

    private var millisecondsPerToken: Int64 { max(1, interval.nanoseconds / 1_000_000) }

    private func refilled(_ bucket: Bucket, now: NIODeadline) -> Double {
        let elapsed = Double(max(0, (now - bucket.updatedAt).nanoseconds))
        return min(Double(burst), bucket.tokens + elapsed / Double(interval.nanoseconds))
    }
}
