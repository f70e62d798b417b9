import EspritGame
@testable import EspritServer
import NIOCore
import Testing

/// What a shard keeps for subscriptions stays bounded however a client churns them.
@Suite struct PlayerFollowersTests {
    final class Subscriber {}

    @Test func churningSubscriptionsQueuesAPlayerOnceAndForgetsItAfterTheWindow() {
        var followers = PlayerFollowers(historyCommits: 4, resumeWindow: .seconds(10))
        let subscriber = Subscriber()
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        for second in 0..<5_000 {
            let now = start + .milliseconds(Int64(second))
            _ = followers.subscribe(7, playerLSN: 1, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: { _, _ in }, now: now)
            followers.unsubscribe(7, id: ObjectIdentifier(subscriber), now: now)
        }
        #expect(followers.idle.count == 1, "one queue entry for one player")
        #expect(followers.follows(7), "within the resume window")
        _ = followers.subscribe(8, playerLSN: 1, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: { _, _ in }, now: start + .seconds(30))
        #expect(!followers.follows(7), "forgotten once idle for longer than the window")
    }

    @Test func aResumeGetsTheCommitsAfterItsLSNAndAnOlderOneReloads() {
        var followers = PlayerFollowers(historyCommits: 2, resumeWindow: .seconds(10))
        let subscriber = Subscriber()
        let now = NIODeadline.uptimeNanoseconds(0)
        _ = followers.subscribe(7, playerLSN: 10, fromLSN: 0, id: ObjectIdentifier(subscriber), deliver: { _, _ in }, now: now)
        for lsn in [11, 12, 13] as [UInt64] {
            followers.committed(7, events: [], lsn: lsn)
        }
        let resumed = followers.subscribe(7, playerLSN: 13, fromLSN: 11, id: ObjectIdentifier(subscriber), deliver: { _, _ in }, now: now)
        #expect(!resumed.reload && resumed.lsn == 11 && resumed.backlog.map(\.lsn) == [12, 13])
        let tooOld = followers.subscribe(7, playerLSN: 13, fromLSN: 10, id: ObjectIdentifier(subscriber), deliver: { _, _ in }, now: now)
        #expect(tooOld.reload && tooOld.lsn == 13 && tooOld.backlog.isEmpty, "commit 11 is no longer kept")
    }
}
