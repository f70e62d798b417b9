/// The random source of the game rules: the ChaCha20 keystream (RFC 8439) under a key drawn
/// from the system's generator, read 64 bits at a time.
///
/// `SystemRandomNumberGenerator` makes one `getrandom` system call per draw, and a quest or a
/// summon draws several times: under load those calls were 4 % of the server's CPU. ChaCha20
/// is what the kernel's own generator and `arc4random` run, so draws stay unpredictable to a
/// player who sees their results; one 64-byte block serves eight draws. Each shard owns one
/// (a value type used only on the shard's loop), so no lock is needed.
public struct GameRandom: RandomNumberGenerator, Sendable {
    private let key: SIMD8<UInt32>
    /// The block counter (state words 12 and 13); words 14 and 15, the nonce, stay zero, and a
    /// 64-bit counter never wraps in practice (2^64 blocks).
    private var counter: UInt64 = 0
    private var block = SIMD16<UInt32>()
    /// The next unread 64-bit word of `block`; 8 means the block is used up.
    private var index = 8

    /// A generator under a fresh key from the system's generator.
    public init() {
        var system = SystemRandomNumberGenerator()
        var key = SIMD8<UInt32>()
        for word in 0..<8 {
            key[word] = UInt32(truncatingIfNeeded: system.next() as UInt64)
        }
        self.key = key
    }

    public mutating func next() -> UInt64 {
        if index == 8 {
            block = Self.block(key: key, counterAndNonce: SIMD4(UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), 0, 0))
            counter &+= 1
            index = 0
        }
        defer { index += 1 }
        return UInt64(block[2 * index]) | UInt64(block[2 * index + 1]) << 32
    }

    /// The ChaCha20 block function (RFC 8439, section 2.3): 20 rounds over the constants, the
    /// key and state words 12–15, plus the input state.
    static func block(key: SIMD8<UInt32>, counterAndNonce: SIMD4<UInt32>) -> SIMD16<UInt32> {
        let input = SIMD16<UInt32>(
            0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574,
            key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
            counterAndNonce[0], counterAndNonce[1], counterAndNonce[2], counterAndNonce[3]
        )
        // Four columns at once: row a is words 0–3, b 4–7, c 8–11, d 12–15.
        var a = input.lowHalf.lowHalf, b = input.lowHalf.highHalf, c = input.highHalf.lowHalf, d = input.highHalf.highHalf
        for _ in 0..<10 {
            quarterRounds(&a, &b, &c, &d)
            // Diagonal rounds: rotate rows b, c, d so that each diagonal becomes a column.
            b = SIMD4(b[1], b[2], b[3], b[0])
            c = SIMD4(c[2], c[3], c[0], c[1])
            d = SIMD4(d[3], d[0], d[1], d[2])
            quarterRounds(&a, &b, &c, &d)
            b = SIMD4(b[3], b[0], b[1], b[2])
            c = SIMD4(c[2], c[3], c[0], c[1])
            d = SIMD4(d[1], d[2], d[3], d[0])
        }
        return SIMD16(lowHalf: SIMD8(lowHalf: a, highHalf: b), highHalf: SIMD8(lowHalf: c, highHalf: d)) &+ input
    }

    @inline(__always)
    private static func quarterRounds(_ a: inout SIMD4<UInt32>, _ b: inout SIMD4<UInt32>, _ c: inout SIMD4<UInt32>, _ d: inout SIMD4<UInt32>) {
        a &+= b; d ^= a; d = rotate(d, 16)
        c &+= d; b ^= c; b = rotate(b, 12)
        a &+= b; d ^= a; d = rotate(d, 8)
        c &+= d; b ^= c; b = rotate(b, 7)
    }

    @inline(__always)
    private static func rotate(_ value: SIMD4<UInt32>, _ bits: UInt32) -> SIMD4<UInt32> {
        (value &<< bits) | (value &>> (32 - bits))
    }
}
