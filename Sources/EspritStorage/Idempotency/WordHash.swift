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
        var state = prime1 &+ seed &+ UInt64(count)
        if headCount < 8, rest.count >= 8, let base = rest.baseAddress {
            // Every word loads whole: a key, and a request's opcode with its fields, take this
            // way, about 40 instructions for 16 bytes against 130 byte by byte (callgrind,
            // bench/RESULTS.md, session 33).
            var offset = 0
            if headCount > 0 {
                // The first word: the head, then the rest's first bytes above it.
                state = round(state, head | word(at: base) &<< UInt64(8 &* headCount))
                offset = 8
            }
            while offset &+ 8 <= count {
                state = round(state, word(at: base + (offset &- headCount)))
                offset &+= 8
            }
            if offset < count {
                // The last bytes, as the top of the word that ends with them.
                state = round(state, word(at: base + (rest.count &- 8)) &>> UInt64(8 &* (8 &- (count &- offset))))
            }
            return finalized(state)
        }
        func byte(_ index: Int) -> UInt64 {
            index < headCount ? head >> (8 * index) & 0xFF : UInt64(rest[index - headCount])
        }
        var offset = 0
        while offset + 8 <= count {
            var word: UInt64 = 0
            for index in 0..<8 { word |= byte(offset + index) << (8 * index) }
            state = round(state, word)
            offset += 8
        }
        if offset < count {
            var tail: UInt64 = 0
            for index in offset..<count {
                tail |= byte(index) << (8 * (index - offset))
            }
            state = round(state, tail)
        }
        return finalized(state)
    }

    /// The little-endian word at `address`, wherever it is aligned.
    private static func word(at address: UnsafeRawPointer) -> UInt64 {
        UInt64(littleEndian: address.loadUnaligned(as: UInt64.self))
    }

    /// MurmurHash3's finalizer: every bit of `state` reaches every bit of the result.
    private static func finalized(_ state: UInt64) -> UInt64 {
        var state = state
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
