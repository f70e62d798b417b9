/// One player's keyed commits, oldest first, within a ``KeyRetention``.
///
/// A retry is found through a dictionary, and the oldest commit leaves in O(1): a player at its
/// bound (1 024 by default) replaces its oldest commit on every keyed change, and moving the
/// other 1 023 down each time was a tenth of the server's time under a keyed load
/// (bench/RESULTS.md). Dropped commits leave an empty slot at the front, which is reclaimed once
/// the slots make half the array; a player without keys costs two empty collections.
///
/// The dictionary is keyed by the key's hash, not its bytes: an `Int` is hashed and compared
/// without reaching into an array (the byte-keyed dictionary's lookups and deletions were a
/// twentieth of the server's time under keyed load). The slot's own key confirms a match; two
/// keys of one player with the same 64-bit hash (odds about 10⁻¹³ at the bound, with a seed
/// unknown to clients) would leave the older one unfindable, and its retry would run again.
public struct RetainedKeys: Equatable, Sendable {
    /// The commits, oldest first, from ``start`` on; the slots before it are empty.
    private var slots: [KeyedCommit] = []
    private var start = 0
    /// The sequence number of `slots[0]`: a commit's number stays the same as slots are reclaimed.
    private var base = 0
    /// The newest commit's sequence number, by its key's hash.
    private var index: [Int: Int] = [:]

    public init() {}

    /// Keeps `commits`, oldest first, as a checkpoint stored them.
    public init(_ commits: [KeyedCommit]) {
        for commit in commits { append(commit) }
    }

    /// The retained commits, oldest first.
    public var commits: ArraySlice<KeyedCommit> { slots[start...] }
    public var isEmpty: Bool { count == 0 }
    public var count: Int { slots.count - start }

    /// The commit made under `key`, if it is still retained at `now`.
    public func commit(under key: [UInt8], now: Int64, retention: KeyRetention) -> KeyedCommit? {
        guard let sequence = index[Self.hash(key)] else { return nil }
        let commit = slots[sequence - base]
        return commit.keyBytes.elementsEqual(key) && commit.at >= now - retention.milliseconds ? commit : nil
    }

    /// Keeps `commit`, dropping first the commits older than the retention at the commit's
    /// time and then, oldest first, those past the count.
    public mutating func keep(_ commit: KeyedCommit, retention: KeyRetention) {
        let oldest = commit.at - retention.milliseconds
        while count > 0, slots[start].at < oldest || count >= retention.perPlayer {
            dropOldest()
        }
        if retention.perPlayer > 0 { append(commit) }
        reclaimSlots()
    }

    private mutating func append(_ commit: KeyedCommit) {
        index[Self.hash(commit.keyBytes)] = base + slots.count
        slots.append(commit)
    }

    /// Empties the oldest slot; its key leaves the index unless a newer commit reused it.
    private mutating func dropOldest() {
        let hash = Self.hash(slots[start].keyBytes)
        if let newest = index.removeValue(forKey: hash), newest != base + start { index[hash] = newest }
        slots[start] = KeyedCommit.empty
        start += 1
    }

    /// Removes the empty slots once they are half the array (amortized O(1) per commit).
    private mutating func reclaimSlots() {
        guard start > 0, start * 2 >= slots.count else { return }
        slots.removeFirst(start)
        base += start
        start = 0
    }

    /// The key's bytes hashed in one pass (`[UInt8]`'s own hashing feeds them a byte at a time).
    private static func hash(_ key: some Collection<UInt8>) -> Int {
        var hasher = Hasher()
        _ = key.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        return hasher.finalize()
    }

    public static func == (lhs: RetainedKeys, rhs: RetainedKeys) -> Bool {
        lhs.commits.elementsEqual(rhs.commits)
    }
}
