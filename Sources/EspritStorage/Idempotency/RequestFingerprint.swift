/// What a retried key's request is compared with: the request's opcode and a 64-bit hash of
/// its bytes as the wire carried them (opcode, then fields), kept and journaled with the key in
/// place of the bytes themselves (protocol/README.md, "Idempotency keys").
///
/// Keeping the request's bytes cost a keyed change an array allocated, copied and freed, and,
/// for a grant, its journal record 13 more bytes and its retained key 17 more
/// (bench/RESULTS.md). Two different requests under one key of one player share a fingerprint
/// with odds of about 2⁻⁶⁴; the client that reused its key then gets the first answer instead
/// of `KEY_REUSED`, and no one else is affected.
///
/// The hash is fixed (no per-process seed): it is stored, and a key journaled before a restart
/// must match its retry after it.
public struct RequestFingerprint: Equatable, Sendable {
    /// The request's operation: the first two bytes of its wire form, big-endian.
    public let opcode: UInt16
    public let hash: UInt64

    /// The bytes a fingerprint takes in a journal record, a checkpoint and ``RetainedKeys``:
    /// u16 opcode, then u64 hash (little-endian).
    static let byteCount = 10

    init(opcode: UInt16, hash: UInt64) {
        self.opcode = opcode
        self.hash = hash
    }

    /// The fingerprint of a request's wire form: opcode (u16, big-endian), then fields.
    public init(request: some Collection<UInt8>) {
        let fingerprint = request.withContiguousStorageIfAvailable { Self(UnsafeRawBufferPointer($0)) }
        self = fingerprint ?? Array(request).withUnsafeBytes { Self($0) }
    }

    private init(_ bytes: UnsafeRawBufferPointer) {
        opcode = bytes.count >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : 0
        hash = Self.hash(bytes)
    }

    /// The fingerprint of the request `opcode` whose fields' wire form is `fields`: the same as
    /// that of the two joined (``init(request:)``), without joining them. The server hashes a
    /// keyed request's fields where the received frame holds them: encoding the request again
    /// to join it to its opcode, through generic collections, took about 150 ns of a keyed
    /// change (bench/RESULTS.md, session 25).
    public init(opcode: UInt16, fields: UnsafeRawBufferPointer) {
        self.opcode = opcode
        hash = Self.hash(head: UInt64(opcode.bigEndian), headCount: 2, rest: fields)
    }

    /// Reads a fingerprint from the first ``byteCount`` of `bytes` (the caller checked there
    /// are that many).
    init(stored bytes: UnsafeRawBufferPointer) {
        opcode = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt16.self))
        hash = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
    }

    /// Its ``byteCount`` bytes as stored, for `body` to copy.
    func withStoredBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var storage: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &storage) { raw in
            raw.storeBytes(of: opcode.littleEndian, toByteOffset: 0, as: UInt16.self)
            raw.storeBytes(of: hash.littleEndian, toByteOffset: 2, as: UInt64.self)
            return body(UnsafeRawBufferPointer(rebasing: raw[0..<Self.byteCount]))
        }
    }

    /// A 64-bit hash of `bytes`, eight at a time: each word is multiplied into the state and
    /// rotated (xxHash64's round), the length mixed in, then MurmurHash3's finalizer spreads
    /// every input bit over the result.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        hash(head: 0, headCount: 0, rest: bytes)
    }

    /// ``hash(_:)`` of the `headCount` bytes of `head` (at most 8, the first in its lowest byte)
    /// followed by `rest`.
    private static func hash(head: UInt64, headCount: Int, rest: UnsafeRawBufferPointer) -> UInt64 {
        let count = headCount + rest.count
        func byte(_ index: Int) -> UInt64 {
            index < headCount ? head >> (8 * index) & 0xFF : UInt64(rest[index - headCount])
        }
        var state = prime1 &+ UInt64(count)
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
            state = Self.round(state, word)
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
            state = Self.round(state, tail)
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

extension BinaryReader {
    /// A fingerprint as stored: u16 opcode, then u64 hash.
    mutating func readFingerprint() throws(BinaryReaderError) -> RequestFingerprint {
        RequestFingerprint(opcode: try read(), hash: try read())
    }
}
