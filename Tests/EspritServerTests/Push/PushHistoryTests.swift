import EspritGame
import EspritProtocol
@testable import EspritServer
import NIOCore
import Testing

/// A followed player's last commits, kept as their `EVENT` frames: the newest `limit` of them,
/// each whole, through many moves of the buffer.
@Suite struct PushHistoryTests {
    /// `count` leader changes whose leader ids start at `firstLeader`.
    static func events(_ count: Int, firstLeader: UInt32) -> [GameEvent] {
        (0..<count).map { GameEvent(playerId: 7, at: 42, correlationId: "c", causationId: "k", payload: .leaderChanged(LeaderChanged(baseId: firstLeader + UInt32($0)))) }
    }

    @Test func theNewestCommitsStayWholeAndOlderOnesMoveTheHorizon() throws {
        var history = PushHistory(horizon: 5, limit: 3)
        var returned: [ByteBuffer] = []
        for lsn in UInt64(6)...500 {
            // Commits of 0 to 3 events, leader ids numbered by LSN.
            let frames = history.append(Self.events(Int(lsn % 4), firstLeader: UInt32(lsn) * 10), lsn: lsn)
            returned.append(frames)
        }
        #expect(history.count == 3)
        #expect(history.horizon == 497, "commits at or below 497 are no longer kept")
        let kept = history.commits(after: 0)
        #expect(kept.map(\.lsn) == [498, 499, 500])
        for commit in kept {
            let pushes = try PushQueueTests.pushes(in: commit.frames)
            #expect(pushes.map(\.lsn) == Array(repeating: commit.lsn, count: Int(commit.lsn % 4)))
            #expect(pushes.map(\.leader) == (0..<UInt32(commit.lsn % 4)).map { UInt32(commit.lsn) * 10 + $0 })
        }
        #expect(history.commits(after: 498).map(\.lsn) == [499, 500])
        // A commit's frames handed out long ago are unchanged by everything appended since.
        let early = try PushQueueTests.pushes(in: returned[1])
        #expect(early.map(\.leader) == [70, 71, 72])
    }

    @Test func noHistoryKeepsNothingButStillEncodes() throws {
        var history = PushHistory(horizon: 1, limit: 0)
        let frames = history.append(Self.events(2, firstLeader: 1), lsn: 2)
        #expect(try PushQueueTests.pushes(in: frames).map(\.leader) == [1, 2])
        _ = history.append(Self.events(1, firstLeader: 3), lsn: 3)
        #expect(history.count == 0 && history.horizon == 3 && history.commits(after: 0).isEmpty)
    }
}
