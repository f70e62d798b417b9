#if canImport(Glibc)
import Glibc
#endif
@testable import EspritStorage
import EspritTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// A full disk makes the journal refuse records until space returns, without losing or
/// corrupting anything; a failed fsync stops it for good. Faults are injected as the errno the
/// file system would answer.
@Suite struct JournalFaultTests {
    private final class Faults: Sendable {
        let write = Mutex<Int32?>(nil)
        let sync = Mutex<Int32?>(nil)
        let newSegment = Mutex<Int32?>(nil)
        let failures = Mutex<[JournalError]>([])

        func answer(_ point: JournalFault) -> Int32? {
            switch point {
            case .write: write.withLock { $0 }
            case .sync: sync.withLock { $0 }
            case .newSegment: newSegment.withLock { $0 }
            }
        }
    }

    private func open(_ fixture: JournalFixture, faults: Faults) throws -> Journal {
        var configuration = JournalConfiguration(directory: fixture.directory, segmentBytes: fixture.segmentBytes)
        configuration.diskFullRetryDelay = .milliseconds(1)
        configuration.injectedFault = { faults.answer($0) }
        return try Journal(configuration: configuration, logger: fixture.log.logger, onFailure: { error in
            faults.failures.withLock { $0.append(error) }
        }, replay: { _, _ in })
    }

    @Test func aFullDiskRefusesNewRecordsAndResumesWhenSpaceReturns() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let faults = Faults()
        let journal = try open(fixture, faults: faults)
        #expect(journal.append([1]) == 1)
        waitFor { journal.durableLSN == 1 }

        faults.write.withLock { $0 = ENOSPC }
        #expect(journal.append([2]) == 2, "taken before the writer met the full disk")
        waitFor { journal.isOutOfSpace }
        #expect(journal.isOutOfSpace)
        #expect(journal.append([3]) == nil, "refused while the disk is full")
        usleep(20_000)
        #expect(journal.durableLSN == 1, "nothing is acknowledged while the disk is full")
        #expect(fixture.log.lines.contains { $0.level == .error && $0.message.contains("disk is full") })

        faults.write.withLock { $0 = nil }
        waitFor { journal.durableLSN == 2 }
        #expect(journal.durableLSN == 2)
        #expect(!journal.isOutOfSpace)
        #expect(journal.append([4]) == 3)
        journal.close()
        #expect(faults.failures.withLock { $0 }.isEmpty)

        let (reopened, replayed) = try fixture.open()
        reopened.close()
        #expect(replayed.map(\.0) == [1, 2, 3])
        #expect(replayed.map(\.1) == [[1], [2], [4]])
    }

    /// No room for a new segment's file, or no descriptor for it (the clients hold them all):
    /// the current segment grows on and the next commit tries again; nothing stops and the
    /// numbering stays whole.
    @Test(arguments: [ENOSPC, EMFILE, ENFILE])
    func noRoomOrNoDescriptorAtRotationKeepsWritingTheCurrentSegment(errno: Int32) throws {
        var fixture = JournalFixture()
        fixture.segmentBytes = 200
        defer { fixture.folder.remove() }
        let faults = Faults()
        let journal = try open(fixture, faults: faults)
        faults.newSegment.withLock { $0 = errno }
        for value in 1...20 as ClosedRange<UInt8> {
            #expect(journal.append(Array(repeating: value, count: 40)) == UInt64(value))
            waitFor { journal.durableLSN == UInt64(value) }
        }
        #expect(try fixture.segmentNames().count == 1)
        faults.newSegment.withLock { $0 = nil }
        for value in 21...30 as ClosedRange<UInt8> {
            _ = journal.append(Array(repeating: value, count: 40))
            waitFor { journal.durableLSN == UInt64(value) }
        }
        journal.close()
        #expect(try fixture.segmentNames().count > 1)
        #expect(!journal.hasFailed)
        #expect(fixture.log.lines.contains { $0.message.contains("cannot start a new segment now") })
        let (reopened, replayed) = try fixture.open()
        reopened.close()
        #expect(replayed.map(\.0) == Array(1...30))
    }

    @Test func aFailedSyncStopsTheJournalForGoodWithAClearLogLine() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let faults = Faults()
        let journal = try open(fixture, faults: faults)
        #expect(journal.append([1]) == 1)
        waitFor { journal.durableLSN == 1 }
        faults.sync.withLock { $0 = EIO }
        #expect(journal.append([2]) == 2)
        waitFor { journal.hasFailed && !faults.failures.withLock { $0 }.isEmpty }
        #expect(journal.hasFailed)
        #expect(journal.durableLSN == 1)
        #expect(journal.append([3]) == nil)
        let failures = faults.failures.withLock { $0 }
        #expect(failures.count == 1)
        #expect(failures.first?.description.contains("fdatasync") == true)
        #expect(fixture.log.lines.contains { $0.level == .critical && $0.message == "journal: write failed, journal stopped" && ($0.metadata["error"] ?? "").contains("Input/output error") })
        faults.sync.withLock { $0 = nil }
        journal.close()
    }
}
