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
        hash = WordHash.hash(rest: bytes)
    }

    /// The fingerprint of the request `opcode` whose fields' wire form is `fields`: the same as
    /// that of the two joined (``init(request:)``), without joining them. The server hashes a
    /// keyed request's fields where the received frame holds them: encoding the request again
    /// to join it to its opcode, through generic collections, took about 150 ns of a keyed
    /// change (bench/RESULTS.md, session 25).
    public init(opcode: UInt16, fields: UnsafeRawBufferPointer) {
        self.opcode = opcode
        hash = WordHash.hash(head: UInt64(opcode.bigEndian), headCount: 2, rest: fields)
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
}

extension BinaryReader {
    /// A fingerprint as stored: u16 opcode, then u64 hash.
    mutating func readFingerprint() throws(BinaryReaderError) -> RequestFingerprint {
        RequestFingerprint(opcode: try read(), hash: try read())
    }
}
