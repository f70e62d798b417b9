import EspritGame
import EspritProtocol
import EspritStorage
import Logging

/// A player's ledger, read from the journal: every `CurrencyChanged` event is a ledger entry,
/// with the LSN and correlation id of the command that caused it.
///
/// It reads files, so it runs on a thread pool, never on an event loop.
enum LedgerQuery {
    /// - Returns: at most `limit` entries, newest first, and the highest LSN they reflect.
    static func entries(directory: String, playerId: UInt64, limit: Int, logger: Logger) throws -> (entries: [LedgerEntry], lsn: UInt64) {
        var newest: [LedgerEntry] = []
        try Journal.scan(directory: directory, logger: logger) { lsn, payload in
            for event in try EventCodec.decode(payload) where event.playerId == playerId {
                guard case let .currencyChanged(change) = event.payload else { continue }
                newest.append(LedgerEntry(
                    lsn: lsn, at: event.at, currency: change.currency.rawValue, delta: change.delta,
                    balanceAfter: change.balanceAfter, reason: change.reason, correlationId: event.correlationId
                ))
                if newest.count > 2 * limit { newest.removeFirst(newest.count - limit) }
            }
        }
        let entries = Array(newest.suffix(limit).reversed())
        return (entries, entries.first?.lsn ?? 0)
    }
}
