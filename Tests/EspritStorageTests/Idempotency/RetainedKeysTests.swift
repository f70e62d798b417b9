import EspritCore
import EspritGame
@testable import EspritStorage
import EspritTestSupport
import Testing

/// A player keeps each key for the retention, at most `perPlayer` of them, oldest dropped first.
@Suite struct RetainedKeysTests {
    static let retention = KeyRetention(milliseconds: 1_000, perPlayer: 3)

    static func commit(_ name: String, at: Int64, lsn: UInt64 = 1) -> KeyedCommit {
        KeyedCommit(key: CommitKey(key: IdempotencyKey(name.utf8)!, request: [0, 4, 0, 1]), lsn: lsn, at: at, payloads: [UInt8(truncatingIfNeeded: lsn)])
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

    /// A dropped key is gone at once; a key used again keeps its new commit as the rings grow
    /// and wrap round.
    @Test func aDroppedKeyIsGoneAtOnceAndItsNewUseSurvivesTheRings() {
        var keys = RetainedKeys()
        let retention = KeyRetention(milliseconds: 1 << 40, perPlayer: 10)
        func keep(_ name: String, _ lsn: UInt64) {
            keys.keep(Self.commit(name, at: Int64(lsn), lsn: lsn), retention: retention)
        }
        func lsn(under name: String) -> UInt64? {
            keys.commit(under: Array(name.utf8), now: 100, retention: retention)?.lsn
        }
        for number in 0..<11 { keep("k\(number)", UInt64(number + 1)) }
        #expect(lsn(under: "k0") == nil, "dropped as the eleventh came")
        keep("k0", 12)
        for number in 13...20 { keep("n\(number)", UInt64(number)) }
        #expect(keys.commits.map(\.lsn) == Array(11...20))
        #expect(lsn(under: "k0") == 12, "its new commit, after the ring of entries wrapped round")
        #expect(lsn(under: "k1") == nil)
        #expect(lsn(under: "k10") == 11)
    }

    /// Commits of every size, through a ring of bytes that wraps round with gaps of every size
    /// at its end: each one retained comes back whole, byte for byte.
    @Test func commitsComeBackWholeThroughTheRingOfBytes() {
        let retention = KeyRetention(milliseconds: 1_000_000, perPlayer: 50)
        func commit(_ number: Int) -> KeyedCommit {
            let size = number % 37
            return KeyedCommit(
                key: CommitKey(key: IdempotencyKey("key-\(number)".utf8)!, request: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* number) }),
                lsn: UInt64(number), at: Int64(number), payloads: (0..<(size * 3 % 101)).map { UInt8(truncatingIfNeeded: $0 &+ number) }
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

    /// A player at its bound replaces its oldest commit in place: once its rings went round,
    /// 5 000 more commits of one size leave them as they were.
    @Test func aPlayerAtItsBoundKeepsTheSameRings() {
        var keys = RetainedKeys()
        let retention = KeyRetention(milliseconds: 1 << 40, perPlayer: 64)
        for number in 0..<128 {
            keys.keep(Self.commit("key-\(10_000 + number)", at: Int64(number), lsn: UInt64(number + 1)), retention: retention)
        }
        let filled = keys.ringCapacity
        // A 9-byte key, the request's fingerprint and a 1-byte event.
        let commitBytes = 9 + RequestFingerprint.byteCount + 1
        #expect(filled.entries == 64)
        #expect(filled.bytes >= 64 * commitBytes && filled.bytes <= 64 * commitBytes * 5 / 4 + 256, "the live bytes and a quarter more")
        for number in 128..<5_128 {
            keys.keep(Self.commit("key-\(10_000 + number)", at: Int64(number), lsn: UInt64(number + 1)), retention: retention)
        }
        #expect(keys.ringCapacity == filled)
        #expect(keys.commits.map(\.lsn) == Array(5_065...5_128))
    }

    /// The sweep drops only what expired, oldest first, and says how many left.
    @Test func droppingExpiredKeysLeavesTheRest() {
        var keys = RetainedKeys()
        keys.keep(Self.commit("a", at: 1_000, lsn: 1), retention: Self.retention)
        keys.keep(Self.commit("b", at: 1_500, lsn: 2), retention: Self.retention)
        keys.keep(Self.commit("c", at: 2_000, lsn: 3), retention: Self.retention)
        #expect(keys.dropExpired(now: 2_000, retention: Self.retention) == 0, "a key of 1 000 ms lasts through 2 000 ms")
        #expect(keys.dropExpired(now: 2_600, retention: Self.retention) == 2)
        #expect(keys.commits.map(\.lsn) == [3])
        #expect(keys.dropExpired(now: 3_001, retention: Self.retention) == 1)
        #expect(keys.isEmpty)
        #expect(keys.ringCapacity == (0, 0) && keys.indexCapacity == 0, "nothing left held")
    }

    /// Once most of a player's keys expired, its rings shrink to what is left; once all did,
    /// and no key is kept, they hold nothing.
    @Test func expiredKeysGiveTheirRoomBack() {
        var keys = RetainedKeys()
        let retention = KeyRetention(milliseconds: 1_000, perPlayer: 1_024)
        for number in 0..<1_000 {
            keys.keep(Self.commit("old-\(number)", at: 10_000, lsn: UInt64(number + 1)), retention: retention)
        }
        #expect(keys.ringCapacity.entries == 1_024)
        for number in 0..<3 {
            keys.keep(Self.commit("new-\(number)", at: 11_500, lsn: UInt64(2_000 + number)), retention: retention)
        }
        #expect(keys.commits.map(\.lsn) == [2_000, 2_001, 2_002])
        #expect(keys.ringCapacity.entries == 4)
        #expect(keys.ringCapacity.bytes == 256)
        #expect(keys.commit(under: Array("new-1".utf8), now: 11_500, retention: retention)?.lsn == 2_001)
        keys.keep(Self.commit("last", at: 20_000, lsn: 3_000), retention: KeyRetention(milliseconds: 1_000, perPlayer: 0))
        #expect(keys.isEmpty)
        #expect(keys.ringCapacity == (0, 0))
    }

    /// 20 000 random commits (keys reused, sizes from empty to larger than the ring, time
    /// jumps that expire many at once) against a plain list of what should be retained: after
    /// each one the retained commits and a lookup of a random key agree with it.
    @Test func randomCommitsAgreeWithAPlainList() {
        var random = SplitMix64(seed: 12)
        let retention = KeyRetention(milliseconds: 500, perPlayer: 40)
        var keys = RetainedKeys()
        var expected: [KeyedCommit] = []
        var now: Int64 = 0
        for lsn in UInt64(1)...20_000 {
            now += Int64.random(in: 0...2, using: &random) == 0 ? Int64.random(in: 0...600, using: &random) : 1
            let size = Int.random(in: 0...9, using: &random) == 0 ? Int.random(in: 0...3_000, using: &random) : Int.random(in: 0...40, using: &random)
            let commit = KeyedCommit(
                key: CommitKey(key: IdempotencyKey("k\(Int.random(in: 0..<60, using: &random))".utf8)!, request: [UInt8](repeating: UInt8(truncatingIfNeeded: lsn), count: size / 2)),
                lsn: lsn, at: now, payloads: [UInt8](repeating: UInt8(truncatingIfNeeded: lsn &* 7), count: size - size / 2)
            )
            // As the shard does, in every state of the rings: the prefetch changes nothing.
            keys.prepare(forKeyHash: commit.keyBytes.withUnsafeBytes { CommitKey.hash(of: $0) })
            keys.keep(commit, retention: retention)
            expected.removeAll { $0.at < now - retention.milliseconds }
            if expected.count >= retention.perPlayer { expected.removeFirst(expected.count - retention.perPlayer + 1) }
            expected.append(commit)
            guard keys.commits == expected else {
                Issue.record("after commit \(lsn): \(keys.commits.map(\.lsn)) retained, \(expected.map(\.lsn)) expected")
                return
            }
            let probe = Array("k\(Int.random(in: 0..<60, using: &random))".utf8)
            let newest = expected.last { $0.keyBytes.elementsEqual(probe) }
            #expect(keys.commit(under: probe, now: now, retention: retention) == newest)
        }
    }

    /// What every player carries before its first key (bench/RESULTS.md, "Memory per retained
    /// key"): the empty collections and their counters, and no allocation.
    @Test func aPlayerWithoutKeysHoldsSixtyFourBytes() {
        #expect(MemoryLayout<RetainedKeys>.size == 64)
        #expect(RetainedKeys().ringCapacity == (0, 0))
    }

    @Test func noRetainedKeysKeepsNothing() {
        var keys = RetainedKeys()
        keys.keep(Self.commit("a", at: 1_000), retention: KeyRetention(milliseconds: 1_000, perPlayer: 0))
        #expect(keys.isEmpty)
    }

    @Test func theCheckpointLayoutRoundTrips() throws {
        var keys = RetainedKeys()
        keys.keep(Self.commit("a", at: 10_000, lsn: 7), retention: Self.retention)
        keys.keep(KeyedCommit(key: CommitKey(key: IdempotencyKey([UInt8](repeating: 0xFF, count: 64))!, request: Array(repeating: 9, count: 70_000)), lsn: 9, at: 10_001, payloads: [1, 2, 3]), retention: Self.retention)
        let decoded = try RetainedKeysCodec.decode(RetainedKeysCodec.encode(keys))
        #expect(decoded == keys)
        #expect(decoded.commit(under: Array(repeating: 0xFF, count: 64), now: 10_001, retention: Self.retention)?.lsn == 9, "hashes are rebuilt on load")
        var damaged = RetainedKeysCodec.encode(keys)
        damaged.removeLast()
        #expect(throws: EventCodecError.self) { try RetainedKeysCodec.decode(damaged) }
    }

    /// A grant's event, as the journal and the keys of versions 1 and 2 stored it whole.
    static let grant = GameEvent(
        playerId: 3, at: 10_000, correlationId: "corr", causationId: "cause",
        payload: .currencyChanged(CurrencyChanged(currency: .lumees, delta: 5, balanceAfter: 1_005, reason: "admin_grant"))
    )

    /// Key "a" with request fingerprint `[0, 4, 0, 1]`'s, LSN 7, time 10 000, in keys format
    /// `version` (1 stores the request's bytes, 2 and 3 its fingerprint), and `events`.
    static func storedKey(version: UInt8, events: [UInt8]) -> [UInt8] {
        var stored: [UInt8] = [version, 1, 0, 1, 0, 0x61]
        if version == 1 {
            stored += [4, 0, 0, 0, 0, 4, 0, 1]
        } else {
            CommitKey(key: IdempotencyKey("a".utf8)!, request: [0, 4, 0, 1]).request.withStoredBytes { stored += $0 }
        }
        withUnsafeBytes(of: UInt64(7).littleEndian) { stored += $0 }
        withUnsafeBytes(of: Int64(10_000).littleEndian) { stored += $0 }
        withUnsafeBytes(of: UInt32(events.count).littleEndian) { stored += $0 }
        return stored + events
    }

    /// Checkpoints written before fingerprints (keys format version 1, each request's bytes
    /// stored) and before payloads (versions 1 and 2, each commit's events whole) read as the
    /// keys a retry matches and answers from now.
    @Test(arguments: [1, 2] as [UInt8])
    func anOlderCheckpointReadsAsFingerprintsAndPayloads(version: UInt8) throws {
        let stored = Self.storedKey(version: version, events: EventCodec.encode([Self.grant]))
        var expected = RetainedKeys()
        expected.keep(
            KeyedCommit(key: CommitKey(key: IdempotencyKey("a".utf8)!, request: [0, 4, 0, 1]), lsn: 7, at: 10_000, payloads: EventCodec.encodePayloads([Self.grant])),
            retention: Self.retention
        )
        let decoded = try RetainedKeysCodec.decode(stored)
        #expect(decoded == expected)
        #expect(try decoded.commits.map { try EventCodec.decodePayloads($0.payloadBytes) } == [[Self.grant.payload]])
        #expect(RetainedKeysCodec.encode(expected) == Self.storedKey(version: 3, events: EventCodec.encodePayloads([Self.grant])), "written as version 3")
    }
}
