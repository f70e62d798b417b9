import EspritGame
import EspritProtocol
@testable import EspritServer
import NIOCore
import Testing

/// A followed player's last commits, kept as their `EVENT` frames: every commit handed over
/// once, in order, each whole; the newest `limit` kept through many moves of the buffer, and
/// commits not yet handed over kept past the limit.
@Suite struct PushHistoryTests {
    /// `count` leader changes whose leader ids start at `firstLeader`.
    static func events(_ count: Int, firstLeader: UInt32) -> [GameEvent] {
        (0..<count).map { GameEvent(playerId: 7, at: 42, correlationId: "c", causationId: "k", payload: .leaderChanged(LeaderChanged(baseId: firstLeader + UInt32($0)))) }
    }

    /// The LSN and leader id of every `EVENT` frame `history` hands over, checking that each
    /// commit's frames are as long as the batch says.
    static func handOver(_ history: inout PushHistory) throws -> [String] {
        var handed: ByteBuffer?
        var sizes: [(lsn: UInt64, bytes: Int)] = []
        history.handOver { batch in
            handed = batch.detached().frames
            sizes = Array(batch.commits)
        }
        guard var frames = handed else { return [] }
        var pushes: [String] = []
        for commit in sizes {
            let pushed = try PushQueueTests.pushes(in: frames.readSlice(length: commit.bytes)!)
            #expect(pushed.allSatisfy { $0.lsn == commit.lsn }, "a commit's frames are its own")
            pushes += pushed.map { "\($0.lsn):\($0.leader)" }
        }
        #expect(frames.readableBytes == 0)
        return pushes
    }

    /// Commits of 0 to 3 events, leader ids numbered by LSN, as `lsn:leader`.
    static func expected(_ lsns: ClosedRange<UInt64>) -> [String] {
        lsns.flatMap { lsn in (0..<UInt32(lsn % 4)).map { "\(lsn):\(UInt32(lsn) * 10 + $0)" } }
    }

    @Test func everyCommitIsHandedOverOnceInOrderAndTheNewestStayWhole() throws {
        var history = PushHistory(horizon: 5, limit: 3)
        var handed: [String] = []
        var early: ByteBuffer?
        for lsn in UInt64(6)...500 {
            if history.isFull { handed += try Self.handOver(&history) }
            history.append(Self.events(Int(lsn % 4), firstLeader: UInt32(lsn) * 10), lsn: lsn)
            // Hand-overs of one to seven commits, and some when the history is full.
            if lsn % 7 == 0 { handed += try Self.handOver(&history) }
            if lsn == 7 { early = history.commits(after: 6)?.detached().frames }
        }
        handed += try Self.handOver(&history)
        #expect(handed == Self.expected(6...500))
        #expect(try Self.handOver(&history).isEmpty, "nothing is handed over twice")
        #expect(history.count == 3)
        #expect(history.horizon == 497, "commits at or below 497 are no longer kept")
        let kept = try #require(history.commits(after: 0))
        #expect(kept.commits.map(\.lsn) == [498, 499, 500])
        #expect(try PushQueueTests.pushes(in: kept.frames).map { "\($0.lsn):\($0.leader)" } == Self.expected(498...500))
        #expect(history.commits(after: 498)?.commits.map(\.lsn) == [499, 500])
        #expect(history.commits(after: 500) == nil)
        // Frames copied out long ago are unchanged by everything appended since.
        #expect(try PushQueueTests.pushes(in: try #require(early)).map(\.leader) == [70, 71, 72])
    }

    @Test func commitsNotHandedOverStayPastTheLimitUntilFull() throws {
        var history = PushHistory(horizon: 1, limit: 2)
        history.append(Self.events(1, firstLeader: 20), lsn: 2)
        history.append(Self.events(1, firstLeader: 30), lsn: 3)
        #expect(history.isFull, "two commits wait: the next must hand them over first")
        #expect(try Self.handOver(&history) == ["2:20", "3:30"])
        history.append(Self.events(1, firstLeader: 40), lsn: 4)
        #expect(history.count == 2 && history.horizon == 2, "a handed-over commit leaves for the new one")
        #expect(!history.isFull)
    }

    @Test func noHistoryKeepsOnlyTheCommitNotHandedOver() throws {
        var history = PushHistory(horizon: 1, limit: 0)
        history.append(Self.events(2, firstLeader: 1), lsn: 2)
        #expect(history.isFull, "one commit waits at most")
        #expect(history.commits(after: 1)?.commits.map(\.lsn) == [2], "kept until handed over")
        #expect(try Self.handOver(&history) == ["2:1", "2:2"])
        history.append(Self.events(1, firstLeader: 3), lsn: 3)
        #expect(history.count == 1 && history.horizon == 2)
        #expect(try Self.handOver(&history) == ["3:3"])
    }
}
