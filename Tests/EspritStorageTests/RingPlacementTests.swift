@testable import EspritStorage
import Testing

/// A record goes after the tail, at the start when it does not fit before the end, and nowhere
/// when it would overlap the live bytes.
@Suite struct RingPlacementTests {
    @Test func anEmptyRingStartsAtZeroWhenTheRecordFits() {
        #expect(RingPlacement.offset(for: 64, head: nil, tail: 40, capacity: 64) == 0)
        #expect(RingPlacement.offset(for: 65, head: nil, tail: 0, capacity: 64) == nil)
    }

    @Test func anUnwrappedRingPlacesAfterTheTailThenAtTheStart() {
        // Live bytes 20 ..< 50 of 64.
        #expect(RingPlacement.offset(for: 14, head: 20, tail: 50, capacity: 64) == 50, "fits before the end exactly")
        #expect(RingPlacement.offset(for: 15, head: 20, tail: 50, capacity: 64) == 0, "wraps: up to the head is free")
        #expect(RingPlacement.offset(for: 20, head: 20, tail: 50, capacity: 64) == 0)
        #expect(RingPlacement.offset(for: 21, head: 20, tail: 50, capacity: 64) == nil, "would overlap the oldest record")
    }

    @Test func aWrappedRingPlacesBetweenTheTailAndTheHead() {
        // Live bytes 40 ..< 64 and 0 ..< 10 of 64.
        #expect(RingPlacement.offset(for: 30, head: 40, tail: 10, capacity: 64) == 10, "fits up to the head exactly")
        #expect(RingPlacement.offset(for: 31, head: 40, tail: 10, capacity: 64) == nil)
        #expect(RingPlacement.offset(for: 1, head: 10, tail: 10, capacity: 64) == nil, "a full ring takes nothing")
    }
}
