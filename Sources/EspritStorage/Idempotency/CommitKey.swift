import EspritCore

/// An idempotency key with the request it came with: what makes a retried change take effect
/// once (protocol/README.md, "Idempotency keys").
///
/// `request` fingerprints the request as the wire carried it, opcode included: the same key
/// with other bytes is another request, refused as `KEY_REUSED`. Both are journaled with the
/// change.
public struct CommitKey: Equatable, Sendable {
    /// 1–64 bytes of the client's choosing, unique per player (per target player for grants).
    public let key: IdempotencyKey
    public let request: RequestFingerprint
    /// ``key`` hashed (``hash(of:)``), once: the shard looks the key up and keeps it.
    public let keyHash: Int

    public init(key: IdempotencyKey, request: RequestFingerprint) {
        self.key = key
        self.request = request
        keyHash = key.withUnsafeBytes(Self.hash(of:))
    }

    /// `key` with the request whose wire form (opcode, then fields) is `requestBytes`.
    public init(key: IdempotencyKey, request requestBytes: some Collection<UInt8>) {
        self.init(key: key, request: RequestFingerprint(request: requestBytes))
    }

    /// `key`'s bytes hashed (``WordHash``) with this process's secret seed, never stored: a
    /// client that cannot learn the seed cannot choose keys that pile up in one place of its
    /// player's index.
    static func hash(of key: UnsafeRawBufferPointer) -> Int {
        Int(truncatingIfNeeded: WordHash.hash(rest: key, seed: seed))
    }

    private static let seed = UInt64.random(in: .min ... .max)
}
