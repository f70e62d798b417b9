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
            handed = batch.frames
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
            if lsn == 7 { early = history.commits(after: 6)?.frames }
        }
        handed += try Self.handOver(&history)
        #expect(handed == Self.expected(6...500))
        #expect(try Self.handOver(&history).isEmpty, "nothing is handed over twice")
        // Read into values first: the macros of `#expect` take copyable values only.
        let (count, horizon) = (history.count, history.horizon)
        #expect(count == 3)
        #expect(horizon == 497, "commits at or below 497 are no longer kept")
        let allKept = history.commits(after: 0)
        let kept = try #require(allKept)
        #expect(kept.commits.map(\.lsn) == [498, 499, 500])
        #expect(try PushQueueTests.pushes(in: kept.frames).map { "\($0.lsn):\($0.leader)" } == Self.expected(498...500))
        let (after498, after500) = (history.commits(after: 498), history.commits(after: 500))
        #expect(after498?.commits.map(\.lsn) == [499, 500])
        #expect(after500 == nil)
        // Frames copied out long ago are unchanged by everything appended since.
        #expect(try PushQueueTests.pushes(in: try #require(early)).map(\.leader) == [70, 71, 72])
    }

    /// Commits of 1 to 40 events, each a byte larger than the last until they start again
    /// small (then smaller, until they start again large), so that the ring of frames wraps round at every offset, fills to the byte and
    /// grows while wrapped: every commit still leaves once, whole and in
    /// order, and after each commit every kept one is byte for byte what was encoded (a new
    /// commit written over a kept one shows there).
    @Test(arguments: [1, 3, 8])
    func commitsOfEverySizeSurviveTheRingsWrappingAndGrowing(limit: Int) throws {
        var history = PushHistory(horizon: 0, limit: limit)
        var handed: [UInt8] = []
        var expected: [UInt64: [UInt8]] = [:]
        for lsn in UInt64(1)...1_500 {
            // Mostly small commits, and now and then one larger than all the kept ones.
            let count = lsn % 37 == 0 ? 40 : Int(lsn % 3) + 1
            let events = (0..<count).map { index in
                GameEvent(playerId: 7, at: 42, correlationId: "c", causationId: "k", payload: .currencyChanged(CurrencyChanged(
                    currency: .lumees, delta: Int64(lsn), balanceAfter: Int64(index), reason: String(repeating: "r", count: lsn <= 750 ? (Int(lsn) + index) % 300 : 299 - (Int(lsn) + index) % 300)
                )))
            }
            var frames = ByteBuffer()
            for event in events { EventPush.encodeFrame(of: event.wireEvent, lsn: lsn, into: &frames) }
            expected[lsn] = Array(frames.readableBytesView)
            if history.isFull { handed += Self.handedBytes(&history) }
            // As the shard does, in every state of the rings: the prefetch changes nothing.
            history.prepareToAppend()
            history.append(events, lsn: lsn)
            if lsn % 5 == 0 { handed += Self.handedBytes(&history) }
            let allKept = history.commits(after: 0)
            let kept = try #require(allKept)
            let lsns = kept.commits.map(\.lsn)
            #expect(lsns == Array((lsn + 1 - UInt64(lsns.count))...lsn), "the newest, in order")
            #expect(Array(kept.frames.readableBytesView) == lsns.flatMap { expected[$0]! })
        }
        handed += Self.handedBytes(&history)
        #expect(handed == (1...1_500).flatMap { expected[UInt64($0)]! })
    }

    /// The bytes of the commits `history` hands over.
    static func handedBytes(_ history: inout PushHistory) -> [UInt8] {
        var bytes: [UInt8] = []
        history.handOver { bytes = Array($0.frames.readableBytesView) }
        return bytes
    }

    @Test func commitsNotHandedOverStayPastTheLimitUntilFull() throws {
        var history = PushHistory(horizon: 1, limit: 2)
        history.append(Self.events(1, firstLeader: 20), lsn: 2)
        history.append(Self.events(1, firstLeader: 30), lsn: 3)
        let full = history.isFull
        #expect(full, "two commits wait: the next must hand them over first")
        #expect(try Self.handOver(&history) == ["2:20", "3:30"])
        history.append(Self.events(1, firstLeader: 40), lsn: 4)
        let (count, horizon, stillFull) = (history.count, history.horizon, history.isFull)
        #expect(count == 2 && horizon == 2, "a handed-over commit leaves for the new one")
        #expect(!stillFull)
    }

    @Test func noHistoryKeepsOnlyTheCommitNotHandedOver() throws {
        var history = PushHistory(horizon: 1, limit: 0)
        history.append(Self.events(2, firstLeader: 1), lsn: 2)
        let (full, kept) = (history.isFull, history.commits(after: 1))
        #expect(full, "one commit waits at most")
        #expect(kept?.commits.map(\.lsn) == [2], "kept until handed over")
        #expect(try Self.handOver(&history) == ["2:1", "2:2"])
        history.append(Self.events(1, firstLeader: 3), lsn: 3)
        let (count, horizon) = (history.count, history.horizon)
        #expect(count == 1 && horizon == 2)
        #expect(try Self.handOver(&history) == ["3:3"])
    }
}
