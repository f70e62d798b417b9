import CThreadName
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization

/// The write-ahead journal: numbered, checksummed records in segment files, written by one
/// thread with group commit.
///
/// Any thread may ``append(_:)`` a payload it encoded beforehand: the record is numbered and
/// copied into a pending buffer under a lock, which costs a memcpy and a checksum, never I/O nor
/// encoding (every shard's loop appends, so the lock is held for as little as possible). The
/// writer thread takes the whole buffer, writes it with one `pwrite` (in fsync mode over zeros
/// it prepared, see `prepareAhead`), covers it with one `fdatasync`, and only then advances
/// ``durableLSN`` and tells the listeners. Event loops therefore never block on the disk, and
/// one sync pays for every request that arrived while the previous one ran.
///
/// With ``JournalConfiguration/callersCommit`` the appending thread (a single event loop) writes
/// and syncs instead, in ``commit(through:)`` at the end of its turn, as a single-threaded server
/// does: no thread wakes another for a commit. The writer thread then only retries a batch the
/// full disk refused and writes what is left at close.
///
/// A full disk (`ENOSPC`, `EDQUOT`) is not a failure: the writer cuts the segment back to its
/// last whole batch, refuses new records (the server answers UNAVAILABLE), and retries the same
/// batch with backoff until space returns. Any other write or sync error stops the journal for
/// good (fail-stop: a retried fsync may report success for data the kernel already dropped).
public final class Journal: @unchecked Sendable {
    // @unchecked: the mutable state below is guarded by `condition` (the pending side) or owned
    // by the thread that set `committing` (the file side); the durable LSN is an atomic.

    public let configuration: JournalConfiguration
    private let logger: Logger
    private let onFailure: @Sendable (JournalError) -> Void
    private let durable: Atomic<UInt64>
    private let written: Atomic<UInt64>
    private let listeners = Mutex<[@Sendable (UInt64) -> Void]>([])

    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var pendingFirstLSN: UInt64 = 0
    /// When the first pending record was appended: the group commit window counts from here.
    private var pendingSince = ContinuousClock.now
    private var pendingLastLSN: UInt64 = 0
    /// Whether the appending threads commit (``JournalConfiguration/callersCommit``). Not
    /// without durability: nothing would ever wait for a commit, so the writer thread writes.
    public var callersCommit: Bool { configuration.callersCommit && configuration.durability != .none }

    /// The number of pending records at which an append wakes the writer: 1 while it waits
    /// for work, the last batch's size while it gathers a batch (see `groupCommitWindow`).
    /// Appends below it do not signal, so a gathering writer is not woken for every record.
    private var wakeWriterAt = 1
    /// Whether a thread is writing a batch: the writer thread, or a caller of
    /// ``commit(through:)``. Whoever set it owns the file side until it clears it.
    private var committing = false
    /// Set by a caller whose batch the full disk refused: the writer thread takes the batch over
    /// (still in `batch`, with `committing` still set) and retries it until space returns.
    private var handedOver: (firstLSN: UInt64, lastLSN: UInt64)?
    /// The batch being written, owned by whoever set `committing`.
    private var batch: [UInt8] = []
    /// Threads waiting for `committing` to clear: only then does a commit wake anyone (a
    /// needless broadcast would wake the writer thread on every commit).
    private var waitingForCommit = 0

    /// The number of records pending (meaningful while `pending` is not empty).
    private var pendingRecords: UInt64 { pendingLastLSN - pendingFirstLSN + 1 }
    private var nextLSN: UInt64
    private var stopping = false
    private var failed = false
    private var diskFull = false
    /// ``diskFull`` as the holder of the file side (`committing`) last set it (only that holder
    /// sets it), read without the lock.
    private var diskFullForWriter = false
    private let appendedBytes = Atomic<Int>(0)
    /// The clients waiting for an answer, as the server counts them
    /// (``clientBeganWaiting()``, ``clientStoppedWaiting()``).
    private let waitingClients = Atomic<Int>(0)
    /// Recovery skipped damaged records under `forceRecovery`: the server must checkpoint before
    /// serving, so that the next start finds the damage covered and pruned and needs no flag.
    public let skippedDamage: Bool
    /// Readers that need segments from some LSN on (an export, a backup) hold them here.
    public let retention = SegmentRetention()
    private let writerFinished = DispatchSemaphore(value: 0)

    /// The journal's folder, held open for the whole run so that syncing it after a rotation or a
    /// prune never needs a descriptor the clients may have taken.
    private let directoryFD: Int32
    private var segmentFD: Int32 = -1
    private var segmentPath = ""
    private var segmentLength = 0
    /// The segment file's length. In fsync mode, the bytes from `segmentLength` to it are
    /// zeros written and synced ahead of the batches (see `prepareAhead`).
    private var preparedLength = 0
    /// False once the disk refused the zeros, until the next segment: batches then append.
    private var preparing = true
    /// The zeros `prepareAhead` writes.
    private let preparedZeros = [UInt8](repeating: 0, count: Journal.preparedBytes)

    /// Recovers the journal in `configuration.directory` and starts the writer.
    ///
    /// - Parameters:
    ///   - checkpointLSN: records up to this LSN are in the checkpoint: they are not replayed,
    ///     and numbering continues after it even if the journal holds none of them.
    ///   - numberedThroughLSN: the highest LSN a checkpointed player reflects; numbering
    ///     continues after it too, so an LSN the checkpoint already holds is never given again.
    ///   - replay: receives every later record's LSN and payload (a slice of its segment's
    ///     bytes), in order, before this returns.
    ///   - onFailure: called on the writer thread when a write or sync fails. The journal has
    ///     stopped by then; the server must stop too (fail-stop: a retried fsync may report
    ///     success for data the kernel already dropped).
    /// - Throws: ``JournalError`` when recovery refuses (see ``JournalRecovery``).
    public init(
        configuration: JournalConfiguration, logger: Logger, checkpointLSN: UInt64 = 0, numberedThroughLSN: UInt64 = 0,
        onFailure: @escaping @Sendable (JournalError) -> Void,
        replay: (UInt64, ArraySlice<UInt8>) throws -> Void
    ) throws(JournalError) {
        self.configuration = configuration
        self.logger = logger
        self.onFailure = onFailure
        var recovery = JournalRecovery(directory: configuration.directory, forceRecovery: configuration.forceRecovery, logger: logger)
        recovery.checkpointLSN = checkpointLSN
        recovery.numberedThroughLSN = numberedThroughLSN
        let recovered = try recovery.run(visit: replay)
        self.nextLSN = recovered.lastLSN + 1
        self.skippedDamage = recovered.skippedDamage
        self.durable = Atomic(recovered.lastLSN)
        self.written = Atomic(recovered.lastLSN)
        do throws(SystemError) {
            directoryFD = try SystemFile.open(configuration.directory, flags: O_RDONLY | O_DIRECTORY)
        } catch {
            throw .io(error)
        }
        do throws(SystemError) {
            // A journal that ends before the checkpoint continues in a new segment after it:
            // appending to the old one would leave an LSN gap inside that segment.
            // So does one whose damage --force-recovery skipped: the damaged segments then end
            // before the next checkpoint, which covers them, and pruning deletes them.
            if let last = recovered.lastSegment, !recovered.skippedDamage, recovered.journalLastLSN >= max(checkpointLSN, numberedThroughLSN) {
                segmentPath = configuration.directory + "/" + JournalFormat.segmentName(firstLSN: last.firstLSN)
                segmentFD = try SystemFile.open(segmentPath, flags: O_WRONLY)
                segmentLength = last.length
                preparedLength = try SystemFile.size(of: segmentPath)
            } else {
                try setAsideSegment(firstLSN: nextLSN, logger: logger)
                try openNewSegment(firstLSN: nextLSN)
            }
        } catch {
            throw .io(error)
        }
        let thread = Thread { [self] in
            // The kernel's name, set from the thread itself: `top -H`, perf and
            // bench/scripts/cpu-split.sh name threads by it. Foundation's `Thread.current.name`
            // setter sometimes left the name the thread inherited from its creator (a Dispatch
            // worker's, "oot.default-qos"), about once in 20 runs of the journal's tests.
            esprit_set_thread_name("esprit-journal")
            self.runWriter()
        }
        thread.start()
    }

    /// Reads the records of a journal that may be live, without changing anything on disk: every
    /// whole batch, in order. For reads that are not worth keeping in memory, such as the ledger.
    ///
    /// - Throws: ``JournalError`` for damage other than a torn or unfinished last batch.
    /// - Parameter after: only records above this LSN are visited, and segments holding only
    ///   records at or below it are neither read nor required.
    /// - Parameter through: only records up to this LSN are visited, and nothing after the batch
    ///   that holds it is parsed: give the ``writtenLSN`` or a lower one that the reader needs,
    ///   since the bytes after it may be being written while they are read.
    /// - Parameter forceRecovery: skip damaged batches, as a start with `--force-recovery` did,
    ///   instead of failing on them (until a checkpoint covers them and they are pruned).
    public static func scan(
        directory: String, after: UInt64 = 0, through: UInt64, forceRecovery: Bool = false, logger: Logger,
        visit: (UInt64, ArraySlice<UInt8>) throws -> Void
    ) throws(JournalError) {
        var reader = JournalRecovery(directory: directory, forceRecovery: forceRecovery, logger: logger, readOnly: true)
        reader.checkpointLSN = after
        reader.throughLSN = through
        _ = try reader.run(visit: visit)
    }

    /// The highest LSN known to be durable under the configured ``Durability``.
    public var durableLSN: UInt64 { durable.load(ordering: .acquiring) }

    /// The highest LSN written to the segment file (synced or not): what a reader of the files,
    /// such as the checkpointer's ledger scan, can find there.
    public var writtenLSN: UInt64 { written.load(ordering: .acquiring) }

    /// The LSN of the newest record appended, durable or not.
    public var lastAssignedLSN: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return nextLSN - 1
    }

    /// Bytes appended since the journal was opened: the checkpointer's second trigger.
    public var bytesAppended: Int { appendedBytes.load(ordering: .relaxed) }

    /// Whether the journal has stopped for good (a write or sync failed), so ``durableLSN``
    /// will not advance again.
    public var hasFailed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return failed
    }

    /// Whether ``close()`` was called: nothing more will be appended.
    public var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// Whether appends are refused because the disk is full; they resume once a write succeeds.
    public var isOutOfSpace: Bool {
        condition.lock()
        defer { condition.unlock() }
        return diskFull
    }

    /// Calls `listener` on the writer thread with the new durable LSN after every commit.
    /// Keep it short: hand the number to an event loop and return.
    public func addDurabilityListener(_ listener: @escaping @Sendable (UInt64) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    /// Numbers a record and queues it for the writer.
    ///
    /// - Parameter payload: the record's bytes, encoded by the caller before the call so that
    ///   the journal's lock covers only the copy.
    /// - Returns: the record's LSN — the record is durable once ``durableLSN`` reaches it — or
    ///   nil when the journal takes no more records (it was closed, or a write failed); the
    ///   change must then not be applied.
    public func append(_ payload: [UInt8]) -> UInt64? {
        condition.lock()
        guard !stopping, !failed, !diskFull else {
            condition.unlock()
            return nil
        }
        let lsn = nextLSN
        nextLSN += 1
        if pending.isEmpty {
            pendingFirstLSN = lsn
            pendingSince = .now
            pending.append(contentsOf: repeatElement(0, count: JournalFormat.batchHeaderSize))
        }
        let start = JournalFormat.beginRecord(in: &pending)
        pending.append(contentsOf: payload)
        JournalFormat.sealRecord(in: &pending, at: start, lsn: lsn)
        pendingLastLSN = lsn
        appendedBytes.add(pending.count - start, ordering: .relaxed)
        if configuration.durability == .none {
            durable.store(lsn, ordering: .releasing)
        }
        let wakeWriter = !callersCommit && pendingRecords == UInt64(wakeWriterAt)
        condition.unlock()
        // After unlocking: a writer woken under the lock would at once wait for it again. The
        // records are pending by now, so a writer that has not started waiting sees them.
        if wakeWriter {
            condition.signal()
        }
        return lsn
    }

    /// Deletes the segments whose every record is at or below `checkpointLSN` (the checkpoint
    /// holds them) and that no reader holds through ``retention``. The newest segment is never
    /// deleted: the writer appends to it.
    ///
    /// - Returns: the names of the deleted segments, oldest first.
    public func pruneSegments(coveredThrough checkpointLSN: UInt64) throws(JournalError) -> [String] {
        let limit = min(checkpointLSN, retention.oldestHeldLSN.map { $0 - 1 } ?? .max)
        let segments: [UInt64]
        do throws(SystemError) {
            segments = try SystemFile.listDirectory(configuration.directory).compactMap(JournalFormat.firstLSN(ofSegmentNamed:)).sorted()
        } catch {
            throw .io(error)
        }
        var removed: [String] = []
        for (segment, next) in zip(segments, segments.dropFirst()) where next - 1 <= limit {
            let name = JournalFormat.segmentName(firstLSN: segment)
            do throws(SystemError) {
                try SystemFile.remove(configuration.directory + "/" + name)
            } catch {
                throw .io(error)
            }
            removed.append(name)
        }
        if !removed.isEmpty {
            do throws(SystemError) {
                try SystemFile.syncDirectory(directoryFD, path: configuration.directory)
            } catch {
                throw .io(error)
            }
        }
        return removed
    }

    /// Writes everything appended so far, stops the writer thread and closes the segment.
    /// Calling it again does nothing.
    public func close() {
        condition.lock()
        if stopping {
            condition.unlock()
            return
        }
        stopping = true
        condition.broadcast()
        condition.unlock()
        writerFinished.wait()
        if segmentFD >= 0 {
            // A clean stop leaves no prepared zeros behind (recovery would skip them anyway).
            if preparedLength > segmentLength {
                try? SystemFile.truncate(segmentFD, to: segmentLength, path: segmentPath)
            }
            SystemFile.close(segmentFD)
            segmentFD = -1
        }
    }

    deinit {
        // Not in close(): the last checkpoint after it still prunes segments and syncs the folder.
        SystemFile.close(directoryFD)
    }

    private func runWriter() {
        defer { writerFinished.signal() }
        var lastBatchRecords = 1
        var recentWaitingClients = 0
        while true {
            condition.lock()
            wakeWriterAt = 1
            // When callers commit, the writer thread only retries a batch the full disk refused
            // and writes what is left at close.
            while handedOver == nil && !stopping && (pending.isEmpty || committing || callersCommit) {
                condition.wait()
            }
            if let (firstLSN, lastLSN) = handedOver {
                handedOver = nil
                condition.unlock()
                guard writeAndPublish(firstLSN: firstLSN, lastLSN: lastLSN) else { return }
                continue
            }
            while committing && handedOver == nil {
                // Closing while a caller commits: its batch goes first.
                waitForCommit()
            }
            if handedOver != nil {
                // The full disk refused that batch: retry it first.
                condition.unlock()
                continue
            }
            if !callersCommit {
                recentWaitingClients = Self.recentPeak(previous: recentWaitingClients, now: waitingClients.load(ordering: .relaxed))
                gatherBatch(of: Self.gatherTarget(lastBatch: lastBatchRecords, waitingClients: recentWaitingClients))
            }
            if pending.isEmpty {
                condition.unlock()
                return
            }
            lastBatchRecords = Int(pendingRecords)
            let (firstLSN, lastLSN) = takeBatch()
            condition.unlock()
            guard writeAndPublish(firstLSN: firstLSN, lastLSN: lastLSN) else { return }
        }
    }

    /// Takes the pending records as the batch to write and claims the file side (`committing`).
    /// Called under the lock, with records pending and nobody committing.
    private func takeBatch() -> (firstLSN: UInt64, lastLSN: UInt64) {
        committing = true
        swap(&batch, &pending)
        return (pendingFirstLSN, pendingLastLSN)
    }

    /// The writer thread's commit of the batch it holds, waiting out a full disk; then it
    /// publishes the batch, releases the file side and tells the listeners.
    ///
    /// - Returns: false when the journal has stopped (closed while the disk was full, or a
    ///   write failed): the writer thread ends.
    private func writeAndPublish(firstLSN: UInt64, lastLSN: UInt64) -> Bool {
        do throws(JournalError) {
            guard try commitWaitingForSpace(&batch, firstLSN: firstLSN, lastLSN: lastLSN) else { return false }
            try publish(lastLSN: lastLSN)
            return true
        } catch {
            stop(after: error)
            return false
        }
    }

    /// After a batch is on disk: advances the LSNs and tells the listeners, then prepares the
    /// segment for the next batch (off the path of the replies that waited) and releases the
    /// file side to the next committer.
    private func publish(lastLSN: UInt64) throws(JournalError) {
        batch.removeAll(keepingCapacity: true)
        written.store(lastLSN, ordering: .sequentiallyConsistent)
        if configuration.durability != .none {
            durable.store(lastLSN, ordering: .sequentiallyConsistent)
        }
        for listener in listeners.withLock({ $0 }) {
            listener(lastLSN)
        }
        if segmentLength >= configuration.segmentBytes {
            try rotate(nextFirstLSN: lastLSN + 1)
        } else {
            try prepareAhead()
        }
        condition.lock()
        committing = false
        if waitingForCommit > 0 {
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Waits, under the lock, until a commit ends (or the journal stops).
    private func waitForCommit() {
        waitingForCommit += 1
        condition.wait()
        waitingForCommit -= 1
    }

    /// Stops the journal for good after a failed write or sync (fail-stop).
    private func stop(after error: JournalError) {
        condition.lock()
        failed = true
        committing = false
        condition.broadcast()
        condition.unlock()
        logger.critical("journal: write failed, journal stopped", metadata: ["error": "\(error)"])
        onFailure(error)
    }

    /// Makes every record up to `lsn` durable, writing and syncing the pending batch on the
    /// calling thread, as a single-threaded server syncs before it answers: no thread wakes
    /// another for the commit (``JournalConfiguration/callersCommit``). Waits while the writer
    /// thread writes (at close).
    ///
    /// - Returns: false when the records cannot be made durable now: the disk is full (the
    ///   writer thread retries the batch and tells the listeners once it is written), or the
    ///   journal has stopped.
    public func commit(through lsn: UInt64) -> Bool {
        condition.lock()
        while true {
            if durable.load(ordering: .sequentiallyConsistent) >= lsn {
                condition.unlock()
                return true
            }
            if failed || diskFull || handedOver != nil {
                condition.unlock()
                return false
            }
            if committing {
                waitForCommit()
                continue
            }
            if pending.isEmpty {
                // `lsn` was never assigned.
                condition.unlock()
                return false
            }
            let (firstLSN, lastLSN) = takeBatch()
            condition.unlock()
            do throws(JournalError) {
                do throws(SystemError) {
                    try commit(&batch, firstLSN: firstLSN, lastLSN: lastLSN)
                } catch where error.operation == "write" && error.isOutOfSpace {
                    // The writer thread owns the batch from here (`committing` stays set): it
                    // cuts the partial write off and retries with backoff.
                    reportDiskFull(error, firstLSN: firstLSN, lastLSN: lastLSN)
                    condition.lock()
                    handedOver = (firstLSN, lastLSN)
                    condition.broadcast()
                    condition.unlock()
                    return false
                } catch {
                    throw .io(error)
                }
                try publish(lastLSN: lastLSN)
            } catch {
                stop(after: error)
                return false
            }
            condition.lock()
        }
    }

    /// A client now waits for an answer (its first request in flight): one more the writer's
    /// batches are measured against (see `gatherTarget`). One relaxed atomic add, made when a
    /// connection goes from no request in flight to one, not per request.
    public func clientBeganWaiting() {
        waitingClients.wrappingAdd(1, ordering: .relaxed)
    }

    /// A client that ``clientBeganWaiting()`` has had every request answered, or is gone.
    public func clientStoppedWaiting() {
        waitingClients.wrappingSubtract(1, ordering: .relaxed)
    }

    /// The clients waiting for an answer now (for tests).
    var clientsWaiting: Int { waitingClients.load(ordering: .relaxed) }

    /// How many records the writer gathers before it writes, given its last batch's size.
    ///
    /// As many as the last batch when that batch held more records than there are clients
    /// waiting for an answer: under pipelined load every sync then covers everything that
    /// arrived meanwhile, and the syncs, wake-ups and socket writes per request fall. A last
    /// batch no larger than the number of waiting clients held about one request per client,
    /// each waiting on it for its answer before it sends again: any wait for more records then
    /// only delays answers that bring the next requests, so the writer writes what is pending
    /// at once (the records that arrive during a sync make the next batch, as a
    /// single-threaded server blocking on its own fsync gets for free). Measured with 50
    /// clients at depth 1, against gathering half of the last batch: 17–31 % more grants per
    /// second in four interleaved rounds, at less CPU per request (bench/RESULTS.md, "Group
    /// commit at depth 1").
    ///
    /// Only clients with a request in flight count: connections that send nothing (players
    /// idle in a menu, subscribers that only read pushed events) wait on no batch. Counting
    /// every connection, 50 subscribers beside 50 pipelining clients stopped the gathering,
    /// and the syncs per request doubled (bench/RESULTS.md, "Idempotency keys and event push").
    static func gatherTarget(lastBatch: Int, waitingClients: Int) -> Int {
        lastBatch <= waitingClients ? 1 : lastBatch
    }

    /// The waiting clients the writer measures its next batch against: the count now, or the
    /// recent peak less a sixteenth (at least one) per batch, whichever is more.
    ///
    /// Clients that each keep one request in flight are not all counted at every instant: one
    /// whose answer has just been written counts again only once its next request arrives. A
    /// batch measured against such a dip would be gathered, and its clients' answers delayed
    /// until the window ends or the clients in transit send again (grant at depth 1 lost a few
    /// per cent in interleaved runs). The peak rides out a dip; a lasting fall (clients gone
    /// quiet) is followed within a few dozen batches.
    static func recentPeak(previous: Int, now: Int) -> Int {
        max(now, previous - (previous + 15) / 16)
    }

    /// Waits, under the lock, until `records` records are pending, the group commit window has
    /// passed since the first of them was appended, or the journal is closing (see
    /// `groupCommitWindow`).
    ///
    /// The deadline is on the monotonic clock; each wait is computed afresh from it, so a step
    /// of the wall clock (which the condition's timed wait follows) stretches one wait at most,
    /// and an append that completes the batch ends it anyway.
    private func gatherBatch(of records: Int) {
        guard records > 1, configuration.groupCommitWindow > .zero else { return }
        let deadline = pendingSince + configuration.groupCommitWindow
        wakeWriterAt = records
        while !stopping, !pending.isEmpty, pendingRecords < UInt64(records) {
            let (seconds, attoseconds) = (deadline - .now).components
            guard seconds > 0 || attoseconds > 0 else { break }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18))
        }
    }

    /// Commits the batch, waiting out a full disk: the partial write is cut off, appends are
    /// refused, and the same batch is retried with capped exponential backoff.
    ///
    /// - Returns: false when the journal was closed while the disk was still full; the batch
    ///   was never written, so none of its records was acknowledged.
    private func commitWaitingForSpace(_ batch: inout [UInt8], firstLSN: UInt64, lastLSN: UInt64) throws(JournalError) -> Bool {
        var delay = configuration.diskFullRetryDelay
        while true {
            do throws(SystemError) {
                try commit(&batch, firstLSN: firstLSN, lastLSN: lastLSN)
                // Only the file side's holder sets the flag, so it can tell without the lock
                // whether it is set: the lock stays with the appending loops on every ordinary
                // commit.
                if diskFullForWriter {
                    setDiskFull(false)
                    logger.notice("journal: disk space is back, accepting changes again", metadata: ["segment": "\(segmentPath)"])
                }
                return true
            } catch where error.operation == "write" && error.isOutOfSpace {
                do throws(SystemError) {
                    try SystemFile.truncate(segmentFD, to: segmentLength, path: segmentPath)
                    preparedLength = segmentLength
                } catch {
                    throw .io(error)
                }
                reportDiskFull(error, firstLSN: firstLSN, lastLSN: lastLSN)
                condition.lock()
                let closing = stopping
                condition.unlock()
                if closing {
                    logger.error("journal: closed while the disk was full; these records were never written nor acknowledged", metadata: ["lsns": "\(firstLSN)...\(lastLSN)"])
                    return false
                }
                usleep(UInt32(clamping: delay.components.seconds * 1_000_000 + delay.components.attoseconds / 1_000_000_000_000))
                delay = min(delay * 2, .seconds(1))
            } catch {
                throw .io(error)
            }
        }
    }

    /// Marks the journal full and says so once, when a write of the batch `firstLSN...lastLSN`
    /// met the full disk (the writer's retries of it find the mark set and stay quiet).
    private func reportDiskFull(_ error: SystemError, firstLSN: UInt64, lastLSN: UInt64) {
        guard !diskFullForWriter else { return }
        setDiskFull(true)
        logger.error("journal: the disk is full; refusing changes until space returns", metadata: ["error": "\(error)", "waitingLSNs": "\(firstLSN)...\(lastLSN)"])
    }

    /// Sets the disk-full flag, under the lock for the appenders and in the file side's own copy.
    private func setDiskFull(_ full: Bool) {
        diskFullForWriter = full
        condition.lock()
        defer { condition.unlock() }
        diskFull = full
    }

    /// Fills in the batch header that `append` reserved, writes the batch with one `write`, then
    /// syncs (in `fsync` mode).
    private func commit(_ batch: inout [UInt8], firstLSN: UInt64, lastLSN: UInt64) throws(SystemError) {
        let header = JournalFormat.batchHeader(
            firstLSN: firstLSN, recordCount: Int(lastLSN - firstLSN + 1), bodyLength: batch.count - JournalFormat.batchHeaderSize
        )
        batch.replaceSubrange(0..<JournalFormat.batchHeaderSize, with: header)
        if let errno = configuration.injectedFault?(.write) {
            throw SystemError(operation: "write", path: segmentPath, errno: errno)
        }
        try SystemFile.writeAll(segmentFD, batch, at: segmentLength, path: segmentPath)
        segmentLength += batch.count
        preparedLength = max(preparedLength, segmentLength)
        if configuration.durability == .fsync {
            if let errno = configuration.injectedFault?(.sync) {
                throw SystemError(operation: "fdatasync", path: segmentPath, errno: errno)
            }
            try SystemFile.syncData(segmentFD, path: segmentPath)
        }
    }

    /// How many bytes of zeros `prepareAhead` lays ahead of the batches at a time.
    static let preparedBytes = 1 << 20

    /// In fsync mode, keeps at least half of ``preparedBytes`` of zeros, written and synced,
    /// ahead of the next batch. A batch that overwrites them changes no file metadata, so its
    /// `fdatasync` flushes data alone; a batch that grows the file makes the file system commit
    /// its own journal on every sync as well (measured on this project's machine, a small write
    /// and sync: 0.13–0.20 ms p50 over zeros against 0.29–0.33 ms appending). It runs after a
    /// commit was announced, off the path of the replies that waited for it. Recovery reads
    /// zeros after the last batch as the end of the segment. A full disk stops the preparing
    /// until the next segment (the zeros just written are cut off again): batches then grow
    /// the file as before and meet the full disk themselves.
    private func prepareAhead() throws(JournalError) {
        guard configuration.durability == .fsync, preparing, preparedLength - segmentLength < Self.preparedBytes / 2 else { return }
        do throws(SystemError) {
            do throws(SystemError) {
                try SystemFile.writeAll(segmentFD, preparedZeros, at: preparedLength, path: segmentPath)
                try SystemFile.syncData(segmentFD, path: segmentPath)
                preparedLength += preparedZeros.count
            } catch where error.isOutOfSpace {
                preparing = false
                try SystemFile.truncate(segmentFD, to: preparedLength, path: segmentPath)
            }
        } catch {
            throw .io(error)
        }
    }

    /// Starts the next segment. The old one is cut to its last batch (dropping the zeros
    /// prepared after it) and synced first whatever the durability mode, so that only the last
    /// segment can ever hold a torn write. A full disk, or no descriptor to spare (EMFILE,
    /// ENFILE: clients hold them all), postpones the new segment: the current one grows on, and
    /// the next commit tries again. The journal never stops for either.
    private func rotate(nextFirstLSN: UInt64) throws(JournalError) {
        let previous = segmentFD
        let previousPath = segmentPath
        do throws(SystemError) {
            if preparedLength > segmentLength {
                try SystemFile.truncate(previous, to: segmentLength, path: segmentPath)
                preparedLength = segmentLength
                try SystemFile.syncData(previous, path: segmentPath)
            } else if configuration.durability != .fsync {
                try SystemFile.syncData(previous, path: segmentPath)
            }
            try openNewSegment(firstLSN: nextFirstLSN)
        } catch where (error.isOutOfSpace || error.isOutOfDescriptors) && (error.operation == "open" || error.operation == "write") {
            // Only before the rename: the new segment does not exist yet, so appending to the
            // current one keeps the numbering intact.
            try? SystemFile.remove(configuration.directory + "/" + JournalFormat.segmentName(firstLSN: nextFirstLSN) + JournalFormat.temporarySuffix)
            logger.warning("journal: cannot start a new segment now; the current one grows on", metadata: ["segment": "\(previousPath)", "error": "\(error)"])
            return
        } catch {
            throw .io(error)
        }
        SystemFile.close(previous)
    }

    /// Renames a segment that starts where the new one must, so that the new one never
    /// replaces it: a damaged segment in which --force-recovery found nothing readable. It
    /// keeps its bytes under `NAME.damaged` (then `.damaged-2`, …) for the operator; recovery
    /// and pruning ignore it.
    private func setAsideSegment(firstLSN: UInt64, logger: Logger) throws(SystemError) {
        let path = configuration.directory + "/" + JournalFormat.segmentName(firstLSN: firstLSN)
        guard FileManager.default.fileExists(atPath: path) else { return }
        var aside = path + ".damaged"
        var attempt = 1
        while FileManager.default.fileExists(atPath: aside) {
            attempt += 1
            aside = path + ".damaged-\(attempt)"
        }
        try SystemFile.rename(path, to: aside)
        logger.error("journal: a damaged segment with nothing readable was set aside; delete it once it is not needed", metadata: ["file": "\(aside)"])
    }

    /// Creates a segment crash-safely: header into a temporary file, sync, rename, sync the folder.
    private func openNewSegment(firstLSN: UInt64) throws(SystemError) {
        let name = JournalFormat.segmentName(firstLSN: firstLSN)
        let finalPath = configuration.directory + "/" + name
        let temporaryPath = finalPath + JournalFormat.temporarySuffix
        let fd = try SystemFile.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do throws(SystemError) {
            let header = JournalFormat.segmentHeader(firstLSN: firstLSN)
            if let errno = configuration.injectedFault?(.newSegment) {
                throw SystemError(operation: "write", path: temporaryPath, errno: errno)
            }
            try SystemFile.writeAll(fd, header, path: temporaryPath)
            try SystemFile.syncData(fd, path: temporaryPath)
            try SystemFile.rename(temporaryPath, to: finalPath)
            try SystemFile.syncDirectory(directoryFD, path: configuration.directory)
        } catch {
            SystemFile.close(fd)
            throw error
        }
        segmentFD = fd
        segmentPath = finalPath
        segmentLength = JournalFormat.segmentHeaderSize
        preparedLength = segmentLength
        preparing = true
    }
}
