/// A 64-bit hash of bytes, eight at a time: each little-endian word is multiplied into the
/// state and rotated (xxHash64's round), the length and a seed start the state, then
/// MurmurHash3's finalizer spreads every input bit over the result.
///
/// Unseeded, it is a request's fingerprint (``RequestFingerprint``), stored in journals and
/// checkpoints and so fixed forever. Seeded with this process's secret, it places keys in a
/// player's index (``CommitKey/keyHash``): a keyed change's two hashes, key and fingerprint,
/// take about 16 ns together, where `Hasher`'s SipHash of the key alone took about 25
/// (bench/RESULTS.md, session 30).
enum WordHash {
    /// The hash of the `headCount` bytes of `head` (at most 8, the first in its lowest byte)
    /// followed by `rest`, from a state started with `seed`; seed 0 is the fingerprints'.
    static func hash(head: UInt64 = 0, headCount: Int = 0, rest: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = headCount + rest.count
        func byte(_ index: Int) -> UInt64 {
            index < headCount ? head >> (8 * index) & 0xFF : UInt64(rest[index - headCount])
        }
        var state = prime1 &+ seed &+ UInt64(count)
        var offset = 0
        while offset + 8 <= count {
            var word: UInt64 = 0
            if offset >= headCount {
                word = UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: offset - headCount, as: UInt64.self))
            } else if rest.count >= 8 {
                // The first word: the head, then the rest's first bytes above it.
                word = head | UInt64(littleEndian: rest.loadUnaligned(as: UInt64.self)) << (8 * headCount)
            } else {
                for index in 0..<8 { word |= byte(offset + index) << (8 * index) }
            }
            state = round(state, word)
            offset += 8
        }
        if offset < count {
            var tail: UInt64 = 0
            if offset >= headCount, rest.count >= 8 {
                // The last bytes, as the top of the word that ends with them.
                let last = UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: rest.count - 8, as: UInt64.self))
                tail = last >> (8 * (8 - (count - offset)))
            } else {
                for index in offset..<count {
                    tail |= byte(index) << (8 * (index - offset))
                }
            }
            state = round(state, tail)
        }
        state ^= state >> 33
        state &*= 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state &*= 0xC4CE_B9FE_1A85_EC53
        state ^= state >> 33
        return state
    }

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    private static func round(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = state ^ (word &* prime2)
        return ((mixed << 31) | (mixed >> 33)) &* prime1
    }
}
