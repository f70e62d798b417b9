@testable import EspritStorage
import EspritTestSupport
import Testing

/// The table behind ``RetainedKeys``: numbers by hash, confirmed by the caller, removed only
/// while still the newest under their hash.
@Suite struct KeyIndexTests {
    /// A hash whose tag (upper 32 bits) is `tag`, told apart from others of that tag by `low`.
    static func hash(tag: UInt32, low: UInt32) -> Int {
        Int(truncatingIfNeeded: UInt64(tag) << 32 | UInt64(low))
    }

    /// Hashes that share a tag share a probe run: the caller's confirmation tells them apart,
    /// and removing one leaves the others findable.
    @Test func hashesOfOneTagAreToldApartByTheCaller() {
        var index = KeyIndex()
        var hashes: [UInt32: Int] = [:]
        for number in UInt32(0)..<5 {
            let hash = Self.hash(tag: 0xABCD_0000, low: number)
            hashes[number] = hash
            index.makeRoom(for: Int(number) + 1)
            index.set(hash, to: number) { hashes[$0] == hash }
        }
        for number in UInt32(0)..<5 {
            #expect(index.find(hashes[number]!) { hashes[$0] == hashes[number]! } == number)
        }
        index.remove(hashes[1]!, number: 1)
        #expect(index.find(hashes[1]!) { hashes[$0] == hashes[1]! } == nil)
        for number: UInt32 in [0, 2, 3, 4] {
            #expect(index.find(hashes[number]!) { hashes[$0] == hashes[number]! } == number, "still found after its run closed up")
        }
    }

    /// A key used again takes its new number; the old number's removal then leaves it alone.
    @Test func aNewerNumberSurvivesTheOlderOnesRemoval() {
        var index = KeyIndex()
        let hash = Self.hash(tag: 7, low: 7)
        index.makeRoom(for: 2)
        index.set(hash, to: 1) { _ in true }
        index.set(hash, to: 2) { _ in true }
        index.remove(hash, number: 1)
        #expect(index.find(hash) { _ in true } == 2)
        index.remove(hash, number: 2)
        #expect(index.find(hash) { _ in true } == nil)
    }

    /// 50 000 random sets and removals, many of them on runs that wrap round the table's end,
    /// against a dictionary; the table grows and shrinks as the count moves.
    @Test func randomChangesAgreeWithADictionary() {
        var random = SplitMix64(seed: 5)
        var index = KeyIndex()
        var expected: [Int: UInt32] = [:]
        var hashOf: [UInt32: Int] = [:]
        var number: UInt32 = 0
        for step in 0..<50_000 {
            // Few tags, all near the table's end: long runs that wrap round.
            let hash = Self.hash(tag: UInt32.max - UInt32.random(in: 0..<12, using: &random) * 2, low: UInt32.random(in: 0..<40, using: &random))
            let target = step < 25_000 ? 300 : 20
            if Int.random(in: 0..<100, using: &random) < (expected.count < target ? 70 : 30) {
                number &+= 1
                hashOf[number] = hash
                index.makeRoom(for: expected.count + 1)
                index.set(hash, to: number) { hashOf[$0] == hash }
                expected[hash] = number
            } else if let (hash, kept) = expected.randomElement(using: &random) {
                index.remove(hash, number: kept)
                expected[hash] = nil
                index.shrink(toFit: expected.count)
            }
            let probe = expected.randomElement(using: &random)?.key ?? hash
            guard index.find(probe, confirm: { hashOf[$0] == probe }) == expected[probe] else {
                Issue.record("step \(step): \(String(describing: index.find(probe) { hashOf[$0] == probe })) found, \(String(describing: expected[probe])) expected")
                return
            }
        }
        #expect(index.capacity <= 256, "shrunk once few were left: \(index.capacity) slots")
        for (hash, kept) in expected {
            #expect(index.find(hash) { hashOf[$0] == hash } == kept)
        }
    }

    @Test func anEmptiedTableHoldsNothing() {
        var index = KeyIndex()
        index.makeRoom(for: 1)
        index.set(42, to: 1) { _ in true }
        #expect(index.capacity == 8)
        index.remove(42, number: 1)
        index.shrink(toFit: 0)
        #expect(index.capacity == 0)
        #expect(index.find(42) { _ in true } == nil)
    }
}
