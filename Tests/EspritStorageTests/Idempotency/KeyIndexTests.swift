@testable import EspritStorage
import EspritTestSupport
import Testing

/// The table behind ``RetainedKeys``: numbers by hash, confirmed by the caller; slots of numbers
/// no longer live go stale and are dropped a quarter of the table's size in numbers later.
@Suite struct KeyIndexTests {
    /// A hash whose tag (upper 32 bits) is `tag`, told apart from others of that tag by `low`.
    static func hash(tag: UInt32, low: UInt32) -> Int {
        Int(truncatingIfNeeded: UInt64(tag) << 32 | UInt64(low))
    }

    /// Whether `number` is one of the `count` live numbers from `first`.
    static func isLive(_ number: UInt32, first: UInt32, count: Int) -> Bool {
        Int(number &- first) < count
    }

    /// Hashes that share a tag share a probe run: the caller's confirmation tells them apart,
    /// and one that went stale leaves the others findable.
    @Test func hashesOfOneTagAreToldApartByTheCaller() {
        var index = KeyIndex()
        var hashes: [UInt32: Int] = [:]
        for number in UInt32(0)..<5 {
            let hash = Self.hash(tag: 0xABCD_0000, low: number)
            hashes[number] = hash
            index.makeRoom(liveFrom: 0, count: Int(number) + 1)
            index.set(hash, to: number) { hashes[$0] == hash }
        }
        for number in UInt32(0)..<5 {
            #expect(index.find(hashes[number]!) { hashes[$0] == hashes[number]! } == number)
        }
        // Number 0 left the window: the caller's confirmation refuses it.
        #expect(index.find(hashes[0]!) { Self.isLive($0, first: 1, count: 4) && hashes[$0] == hashes[0]! } == nil)
        for number: UInt32 in [1, 2, 3, 4] {
            #expect(index.find(hashes[number]!) { Self.isLive($0, first: 1, count: 4) && hashes[$0] == hashes[number]! } == number, "found past the stale slot")
        }
    }

    /// Tags that share a probe run are told apart by the index itself, before the caller is
    /// asked: by the control byte when their top bits differ, by the slot's whole tag when only
    /// the bits between the home's and the control's differ.
    @Test func tagsOfOneRunAreToldApartWithoutTheCaller() {
        var index = KeyIndex()
        // Home 0 in a table of 8 slots for each; top bytes 0xAB, 0xAB and 0xCD.
        let hashes = [Self.hash(tag: 0xAB04_0001, low: 1), Self.hash(tag: 0xAB08_0001, low: 2), Self.hash(tag: 0xCD00_0001, low: 3)]
        for (number, hash) in hashes.enumerated() {
            index.makeRoom(liveFrom: 0, count: number + 1)
            index.set(hash, to: UInt32(number)) { _ in true }
        }
        #expect(index.slotsInUse == 3)
        for (number, hash) in hashes.enumerated() {
            #expect(index.find(hash) { _ in true } == UInt32(number))
        }
        #expect(index.find(Self.hash(tag: 0xAB0C_0001, low: 4)) { _ in true } == nil, "an unseen tag of the same control byte")
    }

    /// A key used again while its first number is live takes the new number in the same slot;
    /// used again after the first went stale, it takes a slot of its own and is found there.
    @Test func aKeyUsedAgainIsFoundUnderItsNewestNumber() {
        var index = KeyIndex()
        let hash = Self.hash(tag: 7, low: 7)
        index.makeRoom(liveFrom: 1, count: 1)
        index.set(hash, to: 1) { Self.isLive($0, first: 1, count: 1) }
        index.makeRoom(liveFrom: 1, count: 2)
        index.set(hash, to: 2) { Self.isLive($0, first: 1, count: 2) }
        #expect(index.slotsInUse == 1, "replaced in place")
        index.makeRoom(liveFrom: 3, count: 1)
        index.set(hash, to: 3) { Self.isLive($0, first: 3, count: 1) }
        #expect(index.slotsInUse == 2)
        #expect(index.find(hash) { Self.isLive($0, first: 3, count: 1) } == 3)
    }

    /// 60 000 numbers through a ring of live ones, each under a random hash of few tags (long
    /// runs that wrap round the table's end), the ring growing, holding and shrinking, against
    /// a dictionary of the newest live number per hash: every look-up agrees, and stale slots
    /// never fill more than a quarter of the table.
    @Test func aRingOfNumbersAgreesWithADictionary() {
        var random = SplitMix64(seed: 5)
        var index = KeyIndex()
        var hashOf: [UInt32: Int] = [:]
        var newest: [Int: UInt32] = [:]
        var first: UInt32 = 0
        var next: UInt32 = 0
        let isLive = { (number: UInt32, first: UInt32, next: UInt32) in Self.isLive(number, first: first, count: Int(next &- first)) }
        for step in 0..<60_000 {
            let target = step < 20_000 ? 300 : step < 40_000 ? 40 : 700
            let count = Int(next &- first)
            if count > 0, Int.random(in: 0..<100, using: &random) < (count < target ? 30 : 70) {
                first &+= 1
                index.shrink(liveFrom: first, count: count - 1)
            } else {
                let hash = Self.hash(tag: UInt32.max - UInt32.random(in: 0..<12, using: &random) * 2, low: UInt32.random(in: 0..<40, using: &random))
                let number = next
                next &+= 1
                hashOf[number] = hash
                index.makeRoom(liveFrom: first, count: count + 1)
                index.set(hash, to: number) { [first, next] in isLive($0, first, next) && hashOf[$0] == hash }
                newest[hash] = number
            }
            guard index.slotsInUse * 4 <= index.capacity * 3 || index.capacity == 0 else {
                Issue.record("step \(step): \(index.slotsInUse) of \(index.capacity) slots in use")
                return
            }
            let probe = newest.randomElement(using: &random)!.key
            let expected = newest[probe].flatMap { isLive($0, first, next) ? $0 : nil }
            guard index.find(probe, confirm: { isLive($0, first, next) && hashOf[$0] == probe }) == expected else {
                Issue.record("step \(step): \(String(describing: index.find(probe) { isLive($0, first, next) && hashOf[$0] == probe })) found, \(String(describing: expected)) expected")
                return
            }
        }
        #expect(index.capacity >= 1_400 && index.capacity <= 2_048, "grown again for the last 700: \(index.capacity) slots")
    }

    /// A table that keeps a constant number of live keys while numbers pass keeps its size.
    @Test func staleSlotsLeaveWithoutGrowingTheTable() {
        var index = KeyIndex()
        let live = 64
        for number in UInt32(0)..<10_000 {
            let first = number >= UInt32(live) ? number - UInt32(live) + 1 : 0
            let count = Int(number - first + 1)
            index.makeRoom(liveFrom: first, count: count)
            index.set(Int(truncatingIfNeeded: UInt64(number) &* 0x9E37_79B9_7F4A_7C15), to: number) { Self.isLive($0, first: first, count: count) }
        }
        #expect(index.capacity == 128)
        #expect(index.slotsInUse <= 96)
    }

    @Test func anEmptiedTableHoldsNothing() {
        var index = KeyIndex()
        index.makeRoom(liveFrom: 1, count: 1)
        index.set(42, to: 1) { _ in true }
        #expect(index.capacity == 8)
        index.shrink(liveFrom: 2, count: 0)
        #expect(index.capacity == 0)
        #expect(index.find(42) { _ in true } == nil)
    }
}
