import EspritGame
import EspritProtocol
import EspritStorage
import Logging

/// A player's ledger: the entries the checkpoints moved into LMDB, then the `CurrencyChanged`
/// events of the journal records after the newest checkpoint, each with the LSN and correlation
/// id of the command that caused it.
///
/// It reads files, so it runs on a thread pool, never on an event loop.
enum LedgerQuery {
    /// - Parameter writtenLSN: the journal's ``Journal/writtenLSN`` when the query began: the
    ///   records after it may be being written while the scan reads them.
    /// - Returns: at most `limit` entries, newest first, and the highest LSN they reflect.
    static func entries(
        store: CheckpointStore, journalDirectory: String, writtenLSN: UInt64, forceRecovery: Bool, playerId: UInt64, limit: Int, logger: Logger
    ) throws -> (entries: [LedgerEntry], lsn: UInt64) {
        while true {
            let (stored, checkpointLSN) = try store.ledger(playerId: playerId, limit: limit)
            var recent: [LedgerRecord] = []
            do {
                try Journal.scan(directory: journalDirectory, after: checkpointLSN, through: writtenLSN, forceRecovery: forceRecovery, logger: logger) { lsn, payload in
                    try LedgerRecord.forEach(lsn: lsn, payload: payload) { record in
                        guard record.playerId == playerId else { return }
                        recent.append(record)
                    }
                    if recent.count > 2 * limit { recent.removeFirst(recent.count - limit) }
                }
            } catch {
                // A checkpoint that committed meanwhile may have deleted segments this scan
                // needed; their entries are in LMDB now, so read again from the new checkpoint.
                if try store.ledger(playerId: playerId, limit: 0).lsn != checkpointLSN { continue }
                throw error
            }
            let newestFirst = (recent.reversed() + stored).prefix(limit).map(Self.entry)
            return (newestFirst, newestFirst.first?.lsn ?? 0)
        }
    }

    private static func entry(_ record: LedgerRecord) -> LedgerEntry {
        LedgerEntry(
            lsn: record.lsn, at: record.at, currency: record.currency.rawValue, delta: record.delta,
            balanceAfter: record.balanceAfter, reason: record.reason, correlationId: record.correlationId
        )
    }
}
