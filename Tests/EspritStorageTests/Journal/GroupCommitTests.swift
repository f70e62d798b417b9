import Dispatch
@testable import EspritStorage
import Foundation
import Synchronization
import Testing

/// The group commit window: the writer gathers as many records as its last batch held (none
/// when that batch held no more records than there are clients waiting for an answer), but
/// never makes a lone client wait, and never waits past the window or a close.
@Suite struct GroupCommitTests {
    /// Polls until `lsn` is durable; false after five seconds (the window here is a minute, so
    /// a wait for the window would fail).
    private func becomesDurable(_ journal: Journal, _ lsn: UInt64) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + 5_000_000_000
        while journal.durableLSN < lsn {
            guard DispatchTime.now().uptimeNanoseconds < deadline else { return false }
            usleep(200)
        }
        return true
    }

    @Test func aLoneClientNeverWaitsForTheWindow() throws {
        let fixture = JournalFixture()
        let (journal, _) = try fixture.open { $0.groupCommitWindow = .seconds(60) }
        for lsn in UInt64(1)...5 {
            #expect(journal.append([7]) == lsn)
            #expect(becomesDurable(journal, lsn))
        }
        journal.close()
        fixture.folder.remove()
    }

    /// Opens a journal with a one-minute window whose second batch holds exactly three
    /// records: the first commit is held until they are pending.
    private func journalWithALastBatchOfThree(_ fixture: JournalFixture) throws -> Journal {
        let firstCommit = DispatchSemaphore(value: 0)
        let commits = Atomic<Int>(0)
        let (journal, _) = try fixture.open {
            $0.groupCommitWindow = .seconds(60)
            $0.injectedFault = { fault in
                if fault == .write, commits.add(1, ordering: .relaxed).newValue == 1 { firstCommit.wait() }
                return nil
            }
        }
        _ = journal.append([1])
        while commits.load(ordering: .relaxed) == 0 { usleep(100) }
        for _ in 0..<3 { _ = journal.append([2]) }
        firstCommit.signal()
        #expect(becomesDurable(journal, 4))
        return journal
    }

    @Test func aBatchAsLargeAsTheLastCommitsAtOnceAndASmallerOneWaitsForTheWindowOrClose() throws {
        let fixture = JournalFixture()
        let journal = try journalWithALastBatchOfThree(fixture)
        // Three clients waited; one had its answers and stopped: two wait.
        for _ in 0..<3 { journal.clientBeganWaiting() }
        journal.clientStoppedWaiting()

        // As many records as the last batch: written without waiting for the window.
        for _ in 0..<3 { _ = journal.append([3]) }
        #expect(becomesDurable(journal, 7))

        // Fewer: the writer waits for more, up to the window; closing writes them at once.
        for _ in 0..<2 { _ = journal.append([4]) }
        usleep(100_000)
        #expect(journal.durableLSN == 7, "the last batch (3) held more records than there are waiting clients (2)")
        journal.close()
        #expect(journal.durableLSN == 9)
        fixture.folder.remove()
    }

    /// A last batch of no more records than there are clients held one request per waiting
    /// client: the writer gathers nothing, since waiting would only delay the answers that
    /// bring the next requests.
    @Test func aLastBatchOfAboutOneRecordPerClientIsNotGathered() throws {
        let fixture = JournalFixture()
        let journal = try journalWithALastBatchOfThree(fixture)
        for _ in 0..<3 { journal.clientBeganWaiting() }

        _ = journal.append([3])
        #expect(becomesDurable(journal, 5), "a single record commits at once after a last batch of one per client")
        journal.close()
        fixture.folder.remove()
    }

    /// A dip in the count of waiting clients (answers written, next requests still on their way)
    /// barely moves what the writer measures against; a lasting fall is followed, and a rise at once.
    @Test func theWaitingClientsMeasuredRideOutADipAndFollowALastingFall() {
        #expect(Journal.recentPeak(previous: 0, now: 50) == 50)
        #expect(Journal.recentPeak(previous: 50, now: 30) == 46, "a dip: a sixteenth less, rounded up")
        var peak = 50
        for _ in 0..<80 { peak = Journal.recentPeak(previous: peak, now: 5) }
        #expect(peak == 5, "the clients went quiet: the peak follows")
        #expect(Journal.recentPeak(previous: 5, now: 40) == 40)
    }
}
