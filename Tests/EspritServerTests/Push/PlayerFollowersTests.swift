import EspritGame
@testable import EspritServer
import NIOCore
import Synchronization
import Testing

/// What a shard keeps for subscriptions stays bounded however a client churns them, and each
/// subscriber is handed every commit once, in order, in batches.
@Suite struct PlayerFollowersTests {
    final class Subscriber {}

    /// A commit of `playerId` at `lsn` as the shard makes one: its entry looked up first, and
    /// nothing when no one follows it. Returns whether the player asks for a hand-over.
    private static func commit(_ followers: inout PlayerFollowers, _ playerId: UInt64, lsn: UInt64) -> Bool {
        guard let target = followers.target(playerId) else { return false }
        target.prepareToAppend()
        return followers.committed(target, events: [], lsn: lsn)
    }

    /// The LSNs of the commits a subscriber was handed, one array per batch.
    final class Received: Sendable {
        private let batches = Mutex<[[UInt64]]>([])
        var all: [[UInt64]] { batches.withLock { $0 } }
        var deliver: PlayerFollowers.Delivery {
            { batch in self.batches.withLock { $0.append(batch.commits.map(\.lsn)) } }
        }
    }

    @Test func churningSubscriptionsQueuesAPlayerOnceAndForgetsItAfterTheWindow() {
        var followers = PlayerFollowers(historyCommits: 4, resumeWindow: .seconds(10))
        let subscriber = Subscriber()
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        for second in 0..<5_000 {
            let now = start + .milliseconds(Int64(second))
            _ = followers.subscribe(7, playerLSN: 1, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: { _ in }, now: now)
            followers.unsubscribe(7, id: ObjectIdentifier(subscriber), now: now)
        }
        #expect(followers.idle.count == 1, "one queue entry for one player")
        #expect(followers.follows(7), "within the resume window")
        _ = followers.subscribe(8, playerLSN: 1, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: { _ in }, now: start + .seconds(30))
        #expect(!followers.follows(7), "forgotten once idle for longer than the window")
    }

    @Test func aResumeGetsTheCommitsAfterItsLSNAndAnOlderOneReloads() {
        var followers = PlayerFollowers(historyCommits: 2, resumeWindow: .seconds(10))
        let subscriber = Subscriber()
        let now = NIODeadline.uptimeNanoseconds(0)
        _ = followers.subscribe(7, playerLSN: 10, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: { _ in }, now: now)
        for lsn in [11, 12, 13] as [UInt64] {
            _ = Self.commit(&followers, 7, lsn: lsn)
        }
        followers.handOver()
        let resumed = followers.subscribe(7, playerLSN: 13, fromLSN: 11, id: ObjectIdentifier(subscriber), deliver: { _ in }, now: now)
        #expect(!resumed.reload && resumed.lsn == 11 && resumed.backlog?.commits.map(\.lsn) == [12, 13])
        let tooOld = followers.subscribe(7, playerLSN: 13, fromLSN: 10, id: ObjectIdentifier(subscriber), deliver: { _ in }, now: now)
        #expect(tooOld.reload && tooOld.lsn == 13 && tooOld.backlog == nil, "commit 11 is no longer kept")
    }

    @Test func commitsWaitForTheHandOverOrAFullHistoryAndLeaveTogether() {
        var followers = PlayerFollowers(historyCommits: 3, resumeWindow: .seconds(10))
        let subscriber = Subscriber()
        let received = Received()
        let now = NIODeadline.uptimeNanoseconds(0)
        _ = followers.subscribe(7, playerLSN: 10, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: received.deliver, now: now)
        _ = followers.subscribe(8, playerLSN: 20, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: received.deliver, now: now)
        let asked = [
            Self.commit(&followers, 7, lsn: 11), Self.commit(&followers, 8, lsn: 21),
            Self.commit(&followers, 7, lsn: 12), Self.commit(&followers, 9, lsn: 31),
        ]
        #expect(asked == [true, false, false, false], "the first player waiting asks for one hand-over for all; no one follows player 9")
        #expect(received.all.isEmpty, "nothing before the hand-over")
        followers.handOver()
        #expect(received.all == [[11, 12], [21]])
        for lsn in UInt64(13)...19 {
            _ = Self.commit(&followers, 7, lsn: lsn)
        }
        #expect(received.all == [[11, 12], [21], [13, 14, 15], [16, 17, 18]], "a full history hands over at once")
        followers.handOver()
        followers.handOver()
        #expect(received.all.last == [19], "and the rest at the next hand-over, once")
    }

    @Test func aNewSubscriberGetsWaitingCommitsInItsBacklogOnlyAndTheOthersFirst() {
        var followers = PlayerFollowers(historyCommits: 8, resumeWindow: .seconds(10))
        let (first, second) = (Subscriber(), Subscriber())
        let (toFirst, toSecond) = (Received(), Received())
        let now = NIODeadline.uptimeNanoseconds(0)
        _ = followers.subscribe(7, playerLSN: 10, fromLSN: 0, id: ObjectIdentifier(first), deliver: toFirst.deliver, now: now)
        _ = Self.commit(&followers, 7, lsn: 11)
        _ = Self.commit(&followers, 7, lsn: 12)
        let start = followers.subscribe(7, playerLSN: 12, fromLSN: 10, id: ObjectIdentifier(second), deliver: toSecond.deliver, now: now)
        #expect(toFirst.all == [[11, 12]], "handed to the subscriber before the new one joins")
        #expect(start.backlog?.commits.map(\.lsn) == [11, 12])
        _ = Self.commit(&followers, 7, lsn: 13)
        followers.handOver()
        #expect(toFirst.all == [[11, 12], [13]])
        #expect(toSecond.all == [[13]], "the backlog's commits are not handed over again")
    }

    @Test func commitsOfAPlayerNoOneSubscribesToAnyMoreAreKeptButNotWaiting() {
        var followers = PlayerFollowers(historyCommits: 2, resumeWindow: .seconds(10))
        let subscriber = Subscriber()
        let received = Received()
        let now = NIODeadline.uptimeNanoseconds(0)
        _ = followers.subscribe(7, playerLSN: 10, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: received.deliver, now: now)
        followers.unsubscribe(7, id: ObjectIdentifier(subscriber), now: now)
        let asked = (UInt64(11)...14).map { Self.commit(&followers, 7, lsn: $0) }
        #expect(!asked.contains(true), "nothing to hand over")
        let resumed = followers.subscribe(7, playerLSN: 14, fromLSN: 12, id: ObjectIdentifier(subscriber), deliver: received.deliver, now: now)
        #expect(!resumed.reload && resumed.backlog?.commits.map(\.lsn) == [13, 14])
        followers.handOver()
        #expect(received.all.isEmpty)
    }
}
