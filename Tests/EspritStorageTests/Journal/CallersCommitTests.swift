#if canImport(Glibc)
import Glibc
#endif
import CThreadName
import Dispatch
@testable import EspritStorage
import Foundation
import Synchronization
import Testing

/// ``JournalConfiguration/callersCommit``: the thread that appended records writes and syncs
/// them itself in ``Journal/commit(through:)``; the writer thread only retries a batch the full
/// disk refused, and writes what is left at close.
@Suite struct CallersCommitTests {
    /// Which threads wrote a batch (from the write fault hook, called just before each `pwrite`),
    /// and the errno the next writes should fail with.
    private final class Writes: Sendable {
        let threads = Mutex<[String]>([])
        let failWith = Mutex<Int32?>(nil)
    }

    private func open(_ fixture: JournalFixture, writes: Writes, durability: Durability = .fsync) throws -> Journal {
        try fixture.open(durability: durability) {
            $0.callersCommit = true
            $0.diskFullRetryDelay = .milliseconds(1)
            $0.injectedFault = { point in
                guard point == .write else { return nil }
                writes.threads.withLock { $0.append(Thread.kernelName) }
                return writes.failWith.withLock { $0 }
            }
        }.0
    }

    @Test func recordsWaitForTheCallersCommitWhichWritesThemOnItsOwnThread() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let writes = Writes()
        let journal = try open(fixture, writes: writes)
        #expect(journal.callersCommit)
        for lsn in UInt64(1)...3 {
            #expect(journal.append([UInt8(lsn)]) == lsn)
        }
        usleep(50_000)
        #expect(journal.durableLSN == 0, "no thread but the caller commits")
        #expect(writes.threads.withLock { $0 }.isEmpty)

        let committer = "test-committer"
        let (committed, durable) = Thread.runAndWait(named: committer) { (journal.commit(through: 2), journal.durableLSN) }
        #expect(committed)
        #expect(durable == 3, "one batch covers every pending record")
        #expect(writes.threads.withLock { $0 } == [committer])
        #expect(try fixture.scannedLSNs(through: 3) == [1, 2, 3])

        #expect(journal.commit(through: 3), "already durable: nothing to write")
        #expect(writes.threads.withLock { $0 }.count == 1)
        #expect(!journal.commit(through: 4), "an LSN never assigned cannot become durable")
        journal.close()
    }

    /// The full disk refuses the caller's batch: the caller hears so at once, the writer thread
    /// retries the batch until space returns, and its listeners hear when it is written.
    @Test func aBatchTheFullDiskRefusesIsRetriedByTheWriterThread() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let writes = Writes()
        let journal = try open(fixture, writes: writes)
        let heard = Mutex<[UInt64]>([])
        journal.addDurabilityListener { lsn in heard.withLock { $0.append(lsn) } }
        #expect(journal.append([1]) == 1)
        #expect(journal.commit(through: 1))

        writes.failWith.withLock { $0 = ENOSPC }
        #expect(journal.append([2]) == 2)
        #expect(!journal.commit(through: 2), "refused: the disk is full")
        #expect(journal.isOutOfSpace)
        #expect(journal.append([3]) == nil, "refused while the disk is full")
        #expect(!journal.commit(through: 2), "the writer thread holds the batch")
        waitFor { writes.threads.withLock { $0 }.contains("esprit-journal") }
        #expect(journal.durableLSN == 1)

        writes.failWith.withLock { $0 = nil }
        waitFor { journal.durableLSN == 2 }
        #expect(journal.durableLSN == 2)
        #expect(!journal.isOutOfSpace)
        #expect(heard.withLock { $0 } == [1, 2])
        #expect(journal.append([4]) == 3)
        #expect(journal.commit(through: 3))
        journal.close()

        let (reopened, replayed) = try fixture.open()
        reopened.close()
        #expect(replayed.map(\.1) == [[1], [2], [4]])
    }

    /// The writer thread, closing, waits for a caller's batch; the full disk refuses it and
    /// hands it over: the writer takes it (and, the journal closing, gives it up) instead of
    /// waiting for the caller's claim on the file, which the hand-over keeps.
    @Test func closingWhileTheFullDiskRefusesACallersBatchEnds() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let inWrite = DispatchSemaphore(value: 0)
        let refuse = DispatchSemaphore(value: 0)
        let journal = try fixture.open {
            $0.callersCommit = true
            $0.diskFullRetryDelay = .milliseconds(1)
            $0.injectedFault = { point in
                guard point == .write else { return nil }
                if Thread.kernelName != "esprit-journal" {
                    // The caller's write, held until the close has begun.
                    inWrite.signal()
                    refuse.wait()
                }
                return ENOSPC
            }
        }.0
        #expect(journal.append([1]) == 1)
        let committed = Mutex<Bool?>(nil)
        let committerDone = DispatchSemaphore(value: 0)
        Thread {
            committed.withLock { $0 = journal.commit(through: 1) }
            committerDone.signal()
        }.start()
        inWrite.wait()
        let closed = DispatchSemaphore(value: 0)
        Thread {
            journal.close()
            closed.signal()
        }.start()
        usleep(50_000)
        refuse.signal()
        // What is guarded against is a close that never ends. The deadline is generous: alone
        // the test takes 0.06 s, but once, with the whole suite's syncs and kill loops running
        // alongside, the close took more than 5 s (the writer truncates the refused write off
        // the file before it gives up).
        #expect(closed.wait(timeout: .now() + 60) == .success, "close ends")
        #expect(committerDone.wait(timeout: .now() + 60) == .success)
        #expect(committed.withLock { $0 } == false)
        #expect(journal.durableLSN == 0, "nothing written was acknowledged")
    }

    @Test func closingWritesWhatNoCallerCommitted() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let writes = Writes()
        let journal = try open(fixture, writes: writes)
        #expect(journal.append([1]) == 1)
        #expect(journal.append([2]) == 2)
        journal.close()
        #expect(journal.durableLSN == 2)
        #expect(writes.threads.withLock { $0 } == ["esprit-journal"])
        let (reopened, replayed) = try fixture.open()
        reopened.close()
        #expect(replayed.map(\.0) == [1, 2])
    }

    /// Without durability nothing ever waits for a commit, so callers would never write: the
    /// writer thread does, as without the setting.
    @Test func withoutDurabilityTheWriterThreadWrites() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let writes = Writes()
        let journal = try open(fixture, writes: writes, durability: .none)
        #expect(!journal.callersCommit)
        #expect(journal.append([1]) == 1)
        waitFor { journal.writtenLSN == 1 }
        #expect(journal.writtenLSN == 1)
        #expect(writes.threads.withLock { $0 } == ["esprit-journal"])
        journal.close()
    }
}

extension Thread {
    /// The calling thread's name as the kernel knows it (what the journal sets), read afresh.
    fileprivate static var kernelName: String {
        var name = [CChar](repeating: 0, count: 16)
        esprit_thread_name(&name, name.count)
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Runs `body` on a new thread named `name` (at most 15 bytes, the kernel's limit) and returns
    /// its result once it ends.
    fileprivate static func runAndWait<Result: Sendable>(named name: String, _ body: @escaping @Sendable () -> Result) -> Result {
        let result = Mutex<Result?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            esprit_set_thread_name(name)
            result.withLock { $0 = body() }
            done.signal()
        }
        thread.start()
        done.wait()
        return result.withLock { $0! }
    }
}
