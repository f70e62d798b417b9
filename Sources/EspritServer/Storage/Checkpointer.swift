import EspritGame
import EspritStorage
import Logging
import Synchronization

/// Writes the ledger entries journaled since the last checkpoint to LMDB in batches, then the
/// players changed since then with the LSN they cover in one transaction (which makes the
/// batches part of the checkpoint), then deletes the journal segments that no longer hold
/// anything LMDB lacks (DESIGN.md, "LMDB is the checkpoint").
///
/// Runs as a background service (every ``ServerConfiguration/checkpointInterval``, or sooner
/// once ``ServerConfiguration/checkpointJournalBytes`` were journaled) and once more at a clean
/// shutdown. One checkpoint at a time.
final class Checkpointer: Sendable {
    private let store: CheckpointStore
    private let journal: Journal
    private let shards: [Shard]
    /// The server's game time, against which the sweep judges the keys' retention.
    private let wallClock: WallClock
    /// When the last sweep of expired keys ran (``WallClock`` milliseconds).
    private let lastSweep = Atomic<Int64>(0)
    /// The least time between two sweeps: checkpoints follow each other within seconds under
    /// a heavy write load (``ServerConfiguration/checkpointJournalBytes``), and a sweep looks
    /// at every player, while a key that leaves a minute after its 24 h costs nothing.
    static let sweepInterval: Int64 = 60_000
    private let logger: Logger
    /// The LSN the last checkpoint covers and the journal's byte count when it began.
    private let last: Mutex<(lsn: UInt64, bytes: Int)>
    /// The journal's byte count when the newest checkpoint began (finished, still running or
    /// failed: a failed one is retried on the service's backoff, not on every commit), or when
    /// one was last asked for: see ``claimJournalBytesTrigger(_:)``.
    private let startedAtBytes: Atomic<Int>
    private let inProgress = Atomic<Bool>(false)
    /// Ledger entries per LMDB transaction: a whole checkpoint's million entries in one
    /// transaction held every journal sync behind its commit for a tenth of a second. In
    /// chunks, 50 000 entries are about 1.5 MB of pages; 10 000 and 200 000 gave no fewer slow
    /// answers under quest load (bench/RESULTS.md, "The ledger in chunks").
    static let ledgerEntriesPerTransaction = 50_000

    init(store: CheckpointStore, journal: Journal, shards: [Shard], wallClock: WallClock, lastLSN: UInt64, logger: Logger) {
        self.store = store
        self.journal = journal
        self.shards = shards
        self.wallClock = wallClock
        self.last = Mutex((lastLSN, journal.bytesAppended))
        self.startedAtBytes = Atomic(journal.bytesAppended)
        self.logger = logger
    }

    /// The LSN the newest checkpoint covers.
    var checkpointLSN: UInt64 { last.withLock { $0.lsn } }

    /// Whether `trigger` bytes were journaled since the newest checkpoint began (finished or
    /// not) or was last asked for this way; true once per such stretch, since the caller then
    /// asks for a checkpoint. A checkpoint covers what was journaled before it began, so the
    /// bytes toward the next one count from there. Counting from the last finished one made
    /// every commit during a checkpoint (or while it waited to start) ask for another, which
    /// then ran at once over the bytes journaled meanwhile (bench/RESULTS.md, "The ledger in
    /// chunks").
    func claimJournalBytesTrigger(_ trigger: Int) -> Bool {
        let bytes = journal.bytesAppended
        let mark = startedAtBytes.load(ordering: .relaxed)
        guard bytes - mark >= trigger else { return false }
        return startedAtBytes.compareExchange(expected: mark, desired: bytes, ordering: .relaxed).exchanged
    }

    /// Takes one checkpoint.
    ///
    /// 1. Reads the journal's last assigned LSN: every record up to it is applied on its shard
    ///    by the time the copy runs there (a shard applies a record in the turn that journals it).
    /// 2. Drops the idempotency keys that expired (``ExpiredKeySweep``, at most once per
    ///    ``sweepInterval``), which makes the players that held them dirty, then copies the
    ///    dirty players, chunk by chunk (``PlayerCopier``).
    /// 3. Waits until every copied change is durable: LMDB must never hold a change the journal
    ///    could still lose.
    /// 4. Writes the ledger entries of the records since the last checkpoint, read from the
    ///    journal one record at a time (only their `CurrencyChanged` events decoded), in LMDB
    ///    transactions of ``ledgerEntriesPerTransaction`` ahead of the checkpoint
    ///    (``CheckpointStore/writeLedgerAhead(_:)``), after discarding any that a failed
    ///    checkpoint wrote ahead.
    /// 5. Writes players and LSN in one LMDB transaction, which makes those entries part of the
    ///    checkpoint, then deletes covered segments.
    ///
    /// A failure before the last commit marks the copied players dirty again and leaves the
    /// checkpoint as it was: ledger entries written ahead stay above its LSN, where the ledger's
    /// reads skip them (LMDB's own tools, `inspect` and backups still see them), and the next
    /// checkpoint discards them and writes them again.
    /// While the journal's disk is full the checkpoint is postponed (nothing written, not a
    /// failure): the changes it would copy cannot become durable yet. A call while another
    /// checkpoint runs waits for it, then takes its own.
    func checkpoint() async throws -> CheckpointReport {
        while !inProgress.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            try await Task.sleep(for: .milliseconds(5))
        }
        defer { inProgress.store(false, ordering: .releasing) }
        let clock = ContinuousClock()
        if journal.isOutOfSpace { return postponed(since: clock.now) }
        let started = clock.now
        let bytesMark = journal.bytesAppended
        let previousMark = last.withLock { $0.bytes }
        startedAtBytes.store(bytesMark, ordering: .relaxed)
        let lsn = journal.lastAssignedLSN
        logger.debug("checkpoint started", metadata: ["lsn": "\(lsn)"])
        let now = wallClock.now()
        var expired = ExpiredKeySweep.Outcome()
        if now - lastSweep.load(ordering: .relaxed) >= Self.sweepInterval {
            expired = try await ExpiredKeySweep.run(on: shards, now: now)
            lastSweep.store(now, ordering: .relaxed)
        }
        let copy = try await PlayerCopier.copy(.dirty, from: shards)
        let previousLSN = checkpointLSN
        let ledgerEntries: Int
        do {
            try await journal.waitUntilDurable(max(lsn, copy.players.map(\.lsn).max() ?? 0))
            let (store, journal) = (store, journal)
            let logger = logger
            ledgerEntries = try await BlockingWork.run {
                // A checkpoint that failed after writing ahead left chunks cut where its
                // batches ended; this one's would repeat their entries.
                _ = try store.discardLedgerAhead()
                var written = 0
                var batch: [LedgerRecord] = []
                batch.reserveCapacity(Self.ledgerEntriesPerTransaction)
                try Self.forEachLedgerRecord(
                    in: journal.configuration.directory, after: previousLSN, through: lsn, forceRecovery: journal.configuration.forceRecovery, logger: logger
                ) { record in
                    batch.append(record)
                    guard batch.count == Self.ledgerEntriesPerTransaction else { return }
                    try store.writeLedgerAhead(batch)
                    written += batch.count
                    batch.removeAll(keepingCapacity: true)
                }
                try store.writeLedgerAhead(batch)
                try store.write(players: copy.players, lsn: lsn)
                return written + batch.count
            }
        } catch {
            for (shard, ids) in zip(shards, copy.idsByShard) {
                await shard.markDirty(ids)
            }
            if journal.isOutOfSpace { return postponed(since: started) }
            throw error
        }
        last.withLock { $0 = (lsn, bytesMark) }
        let removed = try journal.pruneSegments(coveredThrough: lsn)
        let report = CheckpointReport(
            lsn: lsn, players: copy.players.count, ledgerEntries: ledgerEntries, journalBytes: bytesMark - previousMark, removedSegments: removed,
            expiredKeys: expired.keys, longestStall: max(copy.longestStall, expired.longestStall), duration: clock.now - started
        )
        logger.info("checkpoint written", metadata: [
            "lsn": "\(lsn)", "players": "\(report.players)", "ledgerEntries": "\(report.ledgerEntries)", "journalBytes": "\(report.journalBytes)",
            "segmentsRemoved": "\(removed.count)", "expiredKeys": "\(report.expiredKeys)", "longestStall": "\(report.longestStall)", "duration": "\(report.duration)",
        ])
        return report
    }

    private func postponed(since started: ContinuousClock.Instant) -> CheckpointReport {
        logger.warning("checkpoint postponed: the journal's disk is full")
        return CheckpointReport(lsn: checkpointLSN, players: 0, ledgerEntries: 0, journalBytes: 0, removedSegments: [], longestStall: LoopStall(), duration: ContinuousClock.now - started)
    }

    /// Calls `body` with the ledger entries of the records in `(after, through]`, read from the
    /// journal files one record at a time.
    private static func forEachLedgerRecord(
        in directory: String, after: UInt64, through: UInt64, forceRecovery: Bool, logger: Logger, _ body: (LedgerRecord) throws -> Void
    ) throws {
        guard through > after else { return }
        // The scan reports whatever its visitor throws as an undecodable record; `body`'s own
        // failure (writing a batch to LMDB) must reach the caller as it is.
        var bodyFailure: (any Error)?
        do {
            try Journal.scan(directory: directory, after: after, through: through, forceRecovery: forceRecovery, logger: logger) { lsn, payload in
                try LedgerRecord.forEach(lsn: lsn, payload: payload) { record in
                    do {
                        try body(record)
                    } catch {
                        bodyFailure = error
                        throw error
                    }
                }
            }
        } catch {
            throw bodyFailure ?? error
        }
    }
}

/// What one checkpoint did, for the log and the checkpointer's health.
struct CheckpointReport: Sendable {
    var lsn: UInt64
    var players: Int
    var ledgerEntries: Int
    /// The bytes this process journaled between the start of the checkpoint before and this
    /// one's (after a restart, from the start: the replayed journal is not counted).
    var journalBytes: Int
    var removedSegments: [String]
    /// The idempotency keys that expired and left memory (``ExpiredKeySweep``).
    var expiredKeys = 0
    /// The longest single turn a shard's loop spent sweeping keys or copying players.
    var longestStall: LoopStall
    var duration: Duration
}
