/// A change committed under an idempotency key, as a retry reads it and a checkpoint stores it:
/// the key and its request's fingerprint, the record's LSN, when it was committed, and its
/// events' payloads (``EventCodec/encodePayloads(_:)``), from which the answer is rebuilt: an
/// answer reads its events' payloads only, so the player, time and ids the journal keeps with
/// them are not kept again. ``RetainedKeys`` keeps them in its own layout and makes one of
/// these when asked.
///
/// The key, the fingerprint and the payloads share one allocation.
public struct KeyedCommit: Equatable, Sendable {
    /// The key's bytes, then the fingerprint's (``RequestFingerprint/byteCount``), then the
    /// payloads'.
    private let storage: [UInt8]
    private let keyCount: Int32
    public let lsn: UInt64
    /// The command's time, milliseconds since the Unix epoch: retention counts from here.
    public let at: Int64

    public init(key: CommitKey, lsn: UInt64, at: Int64, payloads: some Collection<UInt8>) {
        var storage: [UInt8] = []
        storage.reserveCapacity(key.key.count + RequestFingerprint.byteCount + payloads.count)
        key.key.withUnsafeBytes { storage += $0 }
        key.request.withStoredBytes { storage += $0 }
        storage += payloads
        self.init(storage: storage, keyCount: key.key.count, lsn: lsn, at: at)
    }

    /// A commit whose key, fingerprint and payloads lie back to back in `storage`, as
    /// ``RetainedKeys`` keeps them.
    init(storage: [UInt8], keyCount: Int, lsn: UInt64, at: Int64) {
        self.storage = storage
        self.keyCount = Int32(keyCount)
        self.lsn = lsn
        self.at = at
    }

    /// The idempotency key.
    public var keyBytes: ArraySlice<UInt8> { storage[..<Int(keyCount)] }
    /// The fingerprint of the request the key came with.
    public var request: RequestFingerprint {
        storage.withUnsafeBytes { RequestFingerprint(stored: UnsafeRawBufferPointer(rebasing: $0[Int(keyCount)...])) }
    }
    /// The record's events' payloads, in ``EventCodec/encodePayloads(_:)``'s layout.
    public var payloadBytes: ArraySlice<UInt8> { storage[(Int(keyCount) + RequestFingerprint.byteCount)...] }

    /// Whether `request` is the fingerprint of the request this commit's key came with.
    public func isSameRequest(_ request: RequestFingerprint) -> Bool {
        self.request == request
    }

    /// The operation the key went with.
    public var opcode: UInt16 { request.opcode }
}
