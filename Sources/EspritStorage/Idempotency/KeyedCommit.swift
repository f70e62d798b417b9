/// A change committed under an idempotency key, as a retry reads it and a checkpoint stores it:
/// the key and request, the record's LSN, when it was committed, and its events as the journal
/// encoded them (``EventCodec``), from which the answer is rebuilt. ``RetainedKeys`` keeps
/// them in its own layout and makes one of these when asked.
///
/// The key, the request and the events share one allocation.
public struct KeyedCommit: Equatable, Sendable {
    /// The key's bytes, then the request's, then the events'.
    private let storage: [UInt8]
    private let keyCount: Int32
    private let requestCount: Int32
    public let lsn: UInt64
    /// The command's time, milliseconds since the Unix epoch: retention counts from here.
    public let at: Int64

    public init(key: CommitKey, lsn: UInt64, at: Int64, events: some Collection<UInt8>) {
        var storage: [UInt8] = []
        storage.reserveCapacity(key.key.count + key.request.count + events.count)
        storage += key.key
        storage += key.request
        storage += events
        self.init(storage: storage, keyCount: key.key.count, requestCount: key.request.count, lsn: lsn, at: at)
    }

    /// A commit whose key, request and events lie back to back in `storage`, as
    /// ``RetainedKeys`` keeps them.
    init(storage: [UInt8], keyCount: Int, requestCount: Int, lsn: UInt64, at: Int64) {
        self.storage = storage
        self.keyCount = Int32(keyCount)
        self.requestCount = Int32(requestCount)
        self.lsn = lsn
        self.at = at
    }

    /// The idempotency key.
    public var keyBytes: ArraySlice<UInt8> { storage[..<Int(keyCount)] }
    /// The request it came with: opcode (u16, big-endian), then fields.
    public var requestBytes: ArraySlice<UInt8> { storage[Int(keyCount)..<Int(keyCount + requestCount)] }
    /// The record's events, in ``EventCodec``'s layout.
    public var eventBytes: ArraySlice<UInt8> { storage[Int(keyCount + requestCount)...] }

    /// Whether `request` is the request this commit's key came with.
    public func isSameRequest(_ request: [UInt8]) -> Bool {
        requestBytes.elementsEqual(request)
    }

    /// The operation the key went with: the request's first two bytes.
    public var opcode: UInt16 {
        requestCount >= 2 ? UInt16(storage[Int(keyCount)]) << 8 | UInt16(storage[Int(keyCount) + 1]) : 0
    }
}
