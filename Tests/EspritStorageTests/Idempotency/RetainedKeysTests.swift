@testable import EspritStorage
import Testing

/// A player keeps each key for the retention, at most `perPlayer` of them, oldest dropped first.
@Suite struct RetainedKeysTests {
    static let retention = KeyRetention(milliseconds: 1_000, perPlayer: 3)

    static func commit(_ name: String, at: Int64, lsn: UInt64 = 1) -> KeyedCommit {
        KeyedCommit(key: CommitKey(key: Array(name.utf8), request: [0, 4, 0, 1]), lsn: lsn, at: at, events: [UInt8(truncatingIfNeeded: lsn)])
    }

    @Test func aKeyIsFoundUntilItsRetentionEnds() {
        var keys = RetainedKeys()
        keys.keep(Self.commit("a", at: 10_000), retention: Self.retention)
        #expect(keys.commit(under: Array("a".utf8), now: 10_000, retention: Self.retention) == Self.commit("a", at: 10_000))
        #expect(keys.commit(under: Array("a".utf8), now: 11_000, retention: Self.retention) != nil, "the last millisecond of the retention")
        #expect(keys.commit(under: Array("a".utf8), now: 11_001, retention: Self.retention) == nil)
        #expect(keys.commit(under: Array("b".utf8), now: 10_000, retention: Self.retention) == nil)
    }

    @Test func pastTheCountTheOldestGoesFirst() {
        var keys = RetainedKeys()
        for (index, name) in ["a", "b", "c", "d"].enumerated() {
            keys.keep(Self.commit(name, at: 10_000 + Int64(index), lsn: UInt64(index + 1)), retention: Self.retention)
        }
        #expect(keys.commits.map(\.lsn) == [2, 3, 4])
        #expect(keys.commit(under: Array("a".utf8), now: 10_010, retention: Self.retention) == nil)
        #expect(keys.commit(under: Array("d".utf8), now: 10_010, retention: Self.retention)?.lsn == 4)
    }

    @Test func keepingDropsWhatExpired() {
        var keys = RetainedKeys()
        keys.keep(Self.commit("old", at: 1_000, lsn: 1), retention: Self.retention)
        keys.keep(Self.commit("mid", at: 2_500, lsn: 2), retention: Self.retention)
        keys.keep(Self.commit("new", at: 3_000, lsn: 3), retention: Self.retention)
        #expect(keys.commits.map(\.lsn) == [2, 3], "the key of 1 000 ms expired at 2 000 ms")
    }

    /// A key used again after it expired is a new commit; the newest one answers.
    @Test func theNewestCommitUnderAKeyAnswers() {
        var keys = RetainedKeys()
        let retention = KeyRetention(milliseconds: 1_000, perPlayer: 10)
        keys.keep(Self.commit("a", at: 1_000, lsn: 1), retention: retention)
        keys.keep(Self.commit("b", at: 1_900, lsn: 2), retention: retention)
        keys.keep(Self.commit("a", at: 2_500, lsn: 3), retention: retention)
        #expect(keys.commit(under: Array("a".utf8), now: 2_600, retention: retention)?.lsn == 3)
    }

    /// Thousands of commits through a player at its bound: the newest stay findable, the ones
    /// pushed out do not, and a key used again after it left answers with its new commit.
    @Test func aPlayerAtItsBoundKeepsItsNewestCommits() {
        var keys = RetainedKeys()
        let retention = KeyRetention(milliseconds: 1 << 40, perPlayer: 100)
        for index in 0..<5_000 {
            keys.keep(Self.commit("k\(index % 700)", at: Int64(index), lsn: UInt64(index + 1)), retention: retention)
        }
        #expect(keys.count == 100)
        #expect(keys.commits.map(\.lsn) == Array(4_901...5_000))
        #expect(keys.commit(under: Array("k\(4_999 % 700)".utf8), now: 5_000, retention: retention)?.lsn == 5_000)
        #expect(keys.commit(under: Array("k\(4_899 % 700)".utf8), now: 5_000, retention: retention) == nil, "pushed out")
        #expect(keys.commit(under: Array("k\(4_900 % 700)".utf8), now: 5_000, retention: retention)?.lsn == 4_901, "the newest use of a key that was used before")
    }

    /// A dropped key is gone at once, before the arrays move down; a key used again in between
    /// keeps its new commit through that move.
    @Test func aDroppedKeyIsGoneAtOnceAndItsNewUseSurvivesTheMove() {
        var keys = RetainedKeys()
        let retention = KeyRetention(milliseconds: 1 << 40, perPlayer: 10)
        func keep(_ name: String, _ lsn: UInt64) {
            keys.keep(Self.commit(name, at: Int64(lsn), lsn: lsn), retention: retention)
        }
        func lsn(under name: String) -> UInt64? {
            keys.commit(under: Array(name.utf8), now: 100, retention: retention)?.lsn
        }
        for number in 0..<11 { keep("k\(number)", UInt64(number + 1)) }
        #expect(lsn(under: "k0") == nil, "dropped, with 10 of 11 entries live: nothing has moved yet")
        keep("k0", 12)
        for number in 13...20 { keep("n\(number)", UInt64(number)) }
        #expect(keys.commits.map(\.lsn) == Array(11...20))
        #expect(lsn(under: "k0") == 12, "its new commit, after the entries moved down")
        #expect(lsn(under: "k1") == nil)
        #expect(lsn(under: "k10") == 11)
    }

    /// Commits of every size, kept long past the moment their bytes first move down: each one
    /// retained comes back whole, byte for byte.
    @Test func commitsComeBackWholeAfterTheirBytesMoved() {
        let retention = KeyRetention(milliseconds: 1_000_000, perPlayer: 50)
        func commit(_ number: Int) -> KeyedCommit {
            let size = number % 37
            return KeyedCommit(
                key: CommitKey(key: Array("key-\(number)".utf8), request: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* number) }),
                lsn: UInt64(number), at: Int64(number), events: (0..<(size * 3 % 101)).map { UInt8(truncatingIfNeeded: $0 &+ number) }
            )
        }
        var keys = RetainedKeys()
        for number in 1...2_000 {
            keys.keep(commit(number), retention: retention)
        }
        #expect(keys.commits == (1_951...2_000).map(commit))
        for number in [1_951, 1_975, 2_000] {
            #expect(keys.commit(under: Array("key-\(number)".utf8), now: 2_000, retention: retention) == commit(number))
        }
        #expect(keys.commit(under: Array("key-1950".utf8), now: 2_000, retention: retention) == nil, "dropped past the bound")
    }

    @Test func noRetainedKeysKeepsNothing() {
        var keys = RetainedKeys()
        keys.keep(Self.commit("a", at: 1_000), retention: KeyRetention(milliseconds: 1_000, perPlayer: 0))
        #expect(keys.isEmpty)
    }

    @Test func theCheckpointLayoutRoundTrips() throws {
        var keys = RetainedKeys()
        keys.keep(Self.commit("a", at: 10_000, lsn: 7), retention: Self.retention)
        keys.keep(KeyedCommit(key: CommitKey(key: Array(repeating: 0xFF, count: 64), request: Array(repeating: 9, count: 70_000)), lsn: 9, at: 10_001, events: [1, 2, 3]), retention: Self.retention)
        let decoded = try RetainedKeysCodec.decode(RetainedKeysCodec.encode(keys))
        #expect(decoded == keys)
        #expect(decoded.commit(under: Array(repeating: 0xFF, count: 64), now: 10_001, retention: Self.retention)?.lsn == 9, "hashes are rebuilt on load")
        var damaged = RetainedKeysCodec.encode(keys)
        damaged.removeLast()
        #expect(throws: EventCodecError.self) { try RetainedKeysCodec.decode(damaged) }
    }
}
