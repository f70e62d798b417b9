/// An idempotency key's bytes, at most ``capacity`` of them, held inline rather than in an
/// array: a keyed request carries its key from the frame to the shard's kept keys without an
/// allocation, which an array cost every keyed change on the connection's loop and, freed on
/// the shard's, often on another thread (bench/RESULTS.md). Inlinable, so that the modules
/// that read keys on every keyed request reach the bytes without a generic call.
public struct IdempotencyKey: Hashable, Sendable, RandomAccessCollection {
    /// The most bytes a key has (protocol/README.md, "Idempotency keys").
    public static let capacity = 64

    /// The bytes, then zeros.
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    public let count: Int

    /// `bytes` as a key; nil when there are more than ``capacity``.
    @inlinable
    public init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Self.capacity else { return nil }
        count = bytes.count
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    /// `bytes` as a key; nil when there are more than ``capacity``.
    public init?(_ bytes: some Collection<UInt8>) {
        guard let key = bytes.withContiguousStorageIfAvailable({ IdempotencyKey(UnsafeRawBufferPointer($0)) }) ?? Array(bytes).withUnsafeBytes({ IdempotencyKey($0) })
        else { return nil }
        self = key
    }

    /// Calls `body` with the key's bytes.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words) { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "index out of range")
        return Swift.withUnsafeBytes(of: words) { $0[position] }
    }

    /// Equal when the counts and the words are: past its count, a key's words are zeros.
    @inlinable
    public static func == (lhs: IdempotencyKey, rhs: IdempotencyKey) -> Bool {
        let (l, r) = (lhs.words, rhs.words)
        return lhs.count == rhs.count && l.0 == r.0 && l.1 == r.1 && l.2 == r.2 && l.3 == r.3 && l.4 == r.4 && l.5 == r.5 && l.6 == r.6 && l.7 == r.7
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
