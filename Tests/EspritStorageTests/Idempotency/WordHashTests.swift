@testable import EspritStorage
import Testing

/// The hash behind fingerprints (unseeded, stored) and keys' places in an index (seeded per
/// process).
@Suite struct WordHashTests {
    /// The algorithm read a byte at a time: xxHash64's round on little-endian words, from a
    /// state of the seed and the length, then MurmurHash3's finalizer.
    private static func reference(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        func round(_ state: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = state ^ (word &* 0xC2B2_AE3D_27D4_EB4F)
            return ((mixed << 31) | (mixed >> 33)) &* 0x9E37_79B1_85EB_CA87
        }
        var state = 0x9E37_79B1_85EB_CA87 &+ seed &+ UInt64(bytes.count)
        for start in stride(from: 0, to: bytes.count, by: 8) {
            var word: UInt64 = 0
            for (index, byte) in bytes[start..<min(start + 8, bytes.count)].enumerated() {
                word |= UInt64(byte) << (8 * index)
            }
            state = round(state, word)
        }
        state ^= state >> 33
        state &*= 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state &*= 0xC4CE_B9FE_1A85_EC53
        return state ^ state >> 33
    }

    /// The hash loads words whole where it can, and takes its first bytes from a head word
    /// where asked; at every length and seed it is the algorithm read a byte at a time.
    @Test(arguments: [0, 1, 0x0123_4567_89AB_CDEF, UInt64.max] as [UInt64])
    func theHashIsItsAlgorithmByteByByteAtEveryLength(seed: UInt64) {
        for count in 0..<40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 91 &+ 7) }
            #expect(bytes.withUnsafeBytes { WordHash.hash(rest: $0, seed: seed) } == Self.reference(bytes, seed: seed), "\(count) bytes")
            let rest = Array(bytes.dropFirst(2))
            #expect(rest.withUnsafeBytes { WordHash.hash(head: 0x0201, headCount: 2, rest: $0, seed: seed) } == Self.reference([1, 2] + rest, seed: seed))
        }
    }

    /// A fingerprint is the unseeded hash: what journals and checkpoints hold.
    @Test func aFingerprintIsTheUnseededHash() {
        let request: [UInt8] = [0x00, 0x30] + Array(0..<21)
        #expect(RequestFingerprint(request: request).hash == Self.reference(request, seed: 0))
    }

    /// Keys are placed by the hash with this process's seed: one key, one hash, and the seed
    /// changes the hash.
    @Test func keysHashWithTheProcessSeed() {
        let key = (0..<16).map { UInt8($0) }
        let hash = key.withUnsafeBytes { CommitKey.hash(of: $0) }
        #expect(key.withUnsafeBytes { CommitKey.hash(of: $0) } == hash)
        #expect(key.withUnsafeBytes { WordHash.hash(rest: $0, seed: 1) } != key.withUnsafeBytes { WordHash.hash(rest: $0, seed: 2) })
    }

    /// 20 000 keys as a client numbers them (a counter, then zeros) get 20 000 different upper
    /// halves: the tag that places a key in its player's index (``KeyIndex``).
    @Test func numberedKeysGetDifferentTags() {
        let tags = Set((0..<20_000).map { number in
            withUnsafeBytes(of: (UInt64(number), UInt64(0))) { WordHash.hash(rest: $0, seed: 0x5EED_5EED_5EED_5EED) >> 32 }
        })
        #expect(tags.count == 20_000)
    }
}
