import EspritCore
import Testing

/// A key held inline is its bytes: the same bytes make the same key at every length, other
/// bytes or another length another one, and nothing past the capacity is a key.
@Suite struct IdempotencyKeyTests {
    @Test func aKeyIsItsBytesAtEveryLength() throws {
        for length in 0...IdempotencyKey.capacity {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let key = try #require(IdempotencyKey(bytes))
            #expect(Array(key) == bytes)
            #expect(key.count == length)
            #expect(key.withUnsafeBytes { Array($0) } == bytes)
            #expect(key == IdempotencyKey(bytes[...]), "from any collection of the same bytes")
            #expect(key.hashValue == IdempotencyKey(bytes)?.hashValue)
            if length > 0 {
                var other = bytes
                other[length - 1] ^= 1
                #expect(key != IdempotencyKey(other), "one byte changed")
                #expect(key != IdempotencyKey(bytes.dropLast()), "one byte shorter")
            }
            if length < IdempotencyKey.capacity {
                #expect(key != IdempotencyKey(bytes + [0]), "a zero byte more is another key")
            }
        }
    }

    @Test func moreBytesThanTheCapacityAreNoKey() {
        #expect(IdempotencyKey([UInt8](repeating: 1, count: IdempotencyKey.capacity + 1)) == nil)
        #expect(IdempotencyKey([UInt8](repeating: 1, count: 1_000)) == nil)
    }
}
