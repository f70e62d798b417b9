import EspritStorage
import NIOCore

/// Holds encoded replies until the journal says the change they reflect is durable, then sends
/// them (DESIGN.md, "Durable before visible").
///
/// One gate per event loop, touched only on that loop, so it needs no lock. When the loops share
/// the journal's writer thread, the writer wakes each gate with one `execute` per commit,
/// whatever the number of waiting replies. A single loop commits for itself instead
/// (``EspritStorage/JournalConfiguration/callersCommit``): the gate writes and syncs the
/// journal at the end of every turn that left replies waiting, and nothing wakes it.
final class DurabilityGate {
    private struct Waiting {
        var lsn: UInt64
        var connection: ConnectionHandler
        var frame: ByteBuffer
    }

    private let journal: Journal
    private let loop: any EventLoop
    /// Whether this loop commits its replies' records itself at the end of its turn
    /// (``JournalConfiguration/callersCommit``) instead of waiting for the writer thread.
    private let commitsAtEndOfTurn: Bool
    /// The highest LSN a reply waits for, and whether the end-of-turn commit is scheduled.
    private var commitTarget: UInt64 = 0
    private var commitScheduled = false
    /// The durable LSN this gate last released through: every reply at or below it has been
    /// written. Subscribers' pushes leave only up to here (``PushFlusher``), so none passes
    /// the answer it must follow.
    private(set) var releasedThrough: UInt64 = 0
    /// Whether the writer thread's commits must wake this loop; the only part of the gate
    /// other threads read.
    let wakeUp: WriterWakeUp
    private var waiting: [Waiting] = []
    /// The connections a release wrote to, kept between releases so that neither array is
    /// regrown from empty on every commit (which showed in profiles as allocator work).
    private var released: [ConnectionHandler] = []

    init(journal: Journal, loop: any EventLoop) {
        self.journal = journal
        self.loop = loop
        self.commitsAtEndOfTurn = journal.callersCommit
        self.wakeUp = WriterWakeUp(always: !journal.callersCommit)
    }

    /// Sends `frame` on `connection` now if `lsn` is durable, otherwise once it is.
    func send(_ frame: ByteBuffer, after lsn: UInt64, on connection: ConnectionHandler) {
        if lsn <= journal.durableLSN {
            connection.write(frame)
        } else {
            waiting.append(Waiting(lsn: lsn, connection: connection, frame: frame))
            if commitsAtEndOfTurn {
                commitAtEndOfTurn(through: lsn)
            }
        }
    }

    /// Makes sure `lsn` becomes durable without a reply waiting for it here: when this loop
    /// commits for itself, it commits through `lsn` at the end of the turn. (The writer thread
    /// commits every record anyway.)
    func commitSoon(through lsn: UInt64) {
        if commitsAtEndOfTurn, lsn > journal.durableLSN {
            commitAtEndOfTurn(through: lsn)
        }
    }

    /// Commits the journal through `lsn` on this loop once this turn's reads are done (the loop
    /// runs its tasks after its I/O), then releases the replies that waited: one sync covers
    /// every reply of the turn, and no other thread is woken for it.
    private func commitAtEndOfTurn(through lsn: UInt64) {
        commitTarget = max(commitTarget, lsn)
        guard !commitScheduled else { return }
        commitScheduled = true
        let gate = NIOLoopBound(self, eventLoop: loop)
        loop.execute { gate.value.commitWaiting() }
    }

    /// Called on this loop after the writer thread committed through `lsn` (when
    /// ``WriterWakeUp/isNeeded`` said so): releases what the commit made durable, and when
    /// this loop commits for itself, commits what was appended while the disk was full.
    func writerCommitted(through lsn: UInt64) {
        if commitsAtEndOfTurn {
            commitWaiting()
        } else {
            durableLSNAdvanced(to: lsn)
        }
    }

    private func commitWaiting() {
        commitScheduled = false
        if !journal.commit(through: commitTarget) {
            // Set, then checked again: a writer-thread commit that ended in between saw the
            // flag clear and did not wake this loop.
            wakeUp.waitsForWriter.store(true, ordering: .sequentiallyConsistent)
            guard journal.durableLSN >= commitTarget else { return }
        }
        wakeUp.waitsForWriter.store(false, ordering: .sequentiallyConsistent)
        durableLSNAdvanced(to: journal.durableLSN)
    }

    /// Releases every reply whose LSN is now durable, keeping each connection's order: replies
    /// are written in the order they waited, and the rest keep theirs, in place.
    ///
    /// Entries are looked at in place and the kept ones moved down by swapping, never copied:
    /// under load about half the queue waits for the next commit, and copying each entry on
    /// every pass cost two reference counts per entry per commit.
    func durableLSNAdvanced(to durable: UInt64) {
        releasedThrough = max(releasedThrough, durable)
        guard !waiting.isEmpty else { return }
        var kept = 0
        for index in waiting.indices {
            if waiting[index].lsn <= durable {
                let connection = waiting[index].connection
                connection.write(waiting[index].frame)
                if released.last !== connection { released.append(connection) }
            } else {
                if kept != index { waiting.withUnsafeMutableBufferPointer { $0.swapAt(kept, index) } }
                kept += 1
            }
        }
        waiting.removeLast(waiting.count - kept)
        for connection in released {
            connection.flushIfIdle()
        }
        released.removeAll(keepingCapacity: true)
    }
}
