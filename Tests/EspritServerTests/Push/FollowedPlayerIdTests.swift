@testable import EspritServer
import Testing

/// The followed table's key hashes with a multiplication: it must still tell ids apart in
/// the low bits a table's buckets use, including ids that differ only in their high bits.
@Suite struct FollowedPlayerIdTests {
    /// How many of a 4 096-bucket table's buckets `ids` fall into, with `seed`.
    private func bucketsUsed(by ids: some Sequence<UInt64>, seed: Int) -> Int {
        Set(ids.map { FollowedPlayerId($0)._rawHashValue(seed: seed) & 4_095 }).count
    }

    @Test(arguments: [0, 7, Int.min])
    func consecutiveIdsSpreadOverTheBuckets(seed: Int) {
        // Random hashes would fill about 2 590 of them.
        #expect(bucketsUsed(by: 1...4_096, seed: seed) > 2_400)
    }

    @Test(arguments: [0, 7, Int.min])
    func idsThatDifferInTheirHighBitsSpreadToo(seed: Int) {
        #expect(bucketsUsed(by: (0..<4_096).map { UInt64($0) << 40 }, seed: seed) > 2_400)
    }

    @Test func equalIdsHashAlikeAndTheSeedChangesTheHash() {
        #expect(FollowedPlayerId(42)._rawHashValue(seed: 3) == FollowedPlayerId(42)._rawHashValue(seed: 3))
        #expect(FollowedPlayerId(42)._rawHashValue(seed: 3) != FollowedPlayerId(42)._rawHashValue(seed: 4))
    }

    @Test func aDictionaryFindsEveryId() {
        var table: [FollowedPlayerId: UInt64] = [:]
        for id in stride(from: UInt64(1), through: 1 << 50, by: 1 << 36) { table[FollowedPlayerId(id)] = id * 2 }
        #expect(table.count == 16_384)
        #expect(table.allSatisfy { $0.key.id * 2 == $0.value })
        #expect(table[FollowedPlayerId(3)] == nil)
    }
}
