import Synchronization

/// Counts open connections, in all and per remote address, and refuses one that would pass
/// either cap. Every event loop's accepts go through one instance, so it is locked; it is
/// touched once when a connection opens and once when it closes, never per request.
final class ConnectionAdmission: Sendable {
    /// Why a connection was refused, with the numbers its `CLOSE` reports.
    enum Refusal: Equatable {
        case serverFull(limit: Int)
        case addressFull(address: String, limit: Int)
    }

    private struct Counts {
        var total = 0
        var byAddress: [String: Int] = [:]
    }

    let maxConnections: Int
    let maxConnectionsPerAddress: Int
    private let counts = Mutex(Counts())

    init(maxConnections: Int, maxConnectionsPerAddress: Int) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }

    /// Counts a new connection from `address`, or returns why it may not open (and counts
    /// nothing). Each admitted connection must be ``release(_:)``d exactly once.
    func admit(_ address: String) -> Refusal? {
        counts.withLock { counts in
            guard counts.total < maxConnections else { return .serverFull(limit: maxConnections) }
            let fromAddress = counts.byAddress[address, default: 0]
            guard fromAddress < maxConnectionsPerAddress else {
                return .addressFull(address: address, limit: maxConnectionsPerAddress)
            }
            counts.total += 1
            counts.byAddress[address] = fromAddress + 1
            return nil
        }
    }

    /// Forgets a connection that ``admit(_:)`` counted.
    func release(_ address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let remaining = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = remaining > 0 ? remaining : nil
        }
    }

    /// Open connections now, in all.
    var openConnections: Int { counts.withLock { $0.total } }
}
