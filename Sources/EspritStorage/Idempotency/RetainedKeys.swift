/// One player's keyed commits, oldest first, within a ``KeyRetention``.
///
/// Kept without an allocation per commit: each commit's key, request and events go back to
/// back into one byte array, its fixed fields into an array of plain entries, and a retry is
/// found through a dictionary from the key's hash to the entry. A player at its bound (1 024
/// by default) replaces its oldest commit on every keyed change; with a heap object per commit,
/// the allocator and the reference counts of 51 200 of them cost a keyed load a quarter of its
/// throughput (bench/RESULTS.md). The oldest commit leaves in O(1): its entry and bytes stay
/// in place until a quarter of each array is spent, then the live rest moves down at once.
///
/// The dictionary is keyed by the key's hash, not its bytes: an `Int` is hashed and compared
/// without reaching into an array. The entry's own key confirms a match; two keys of one
/// player with the same 64-bit hash (odds about 10⁻¹³ at the bound, with a seed unknown to
/// clients) would leave the older one unfindable, and its retry would run again.
public struct RetainedKeys: Equatable, Sendable {
    /// A kept commit's fixed fields; its bytes are `bytes[offset - bytesBase ..< + byteCount]`.
    private struct Entry {
        var hash: Int
        var lsn: UInt64
        var at: Int64
        /// Where the key starts, counted from the first byte this player ever kept.
        var offset: Int
        var keyCount: Int32
        var requestCount: Int32
        var eventCount: Int32

        var byteCount: Int { Int(keyCount) + Int(requestCount) + Int(eventCount) }
    }

    /// The entries, oldest first, from ``start`` on; the ones before it have left.
    private var entries: [Entry] = []
    private var start = 0
    /// The sequence number of `entries[0]`: an entry's number stays the same as they move down.
    private var base = 0
    /// Each entry's key, request and events, back to back, from ``bytesStart`` on.
    private var bytes: [UInt8] = []
    private var bytesStart = 0
    /// The offset (``Entry/offset``) of `bytes[0]`.
    private var bytesBase = 0
    /// The newest entry's sequence number, by its key's hash.
    private var index: [KeyHash: Int] = [:]

    /// A key's hash (``CommitKey/hash(of:)``) as the index's key. It is already a hash of the
    /// key's bytes under this process's seed, so the index takes its bits as they are: an
    /// `Int` key would be hashed again (SipHash) on every lookup, insertion and removal, three
    /// per keyed change: 50 ns per keyed grant in a profile at a fixed rate (bench/RESULTS.md).
    private struct KeyHash: Hashable {
        let value: Int

        func hash(into hasher: inout Hasher) {
            hasher.combine(value)
        }

        /// What `Dictionary` places a key by: the hash mixed with the dictionary's own seed.
        func _rawHashValue(seed: Int) -> Int {
            value ^ seed
        }
    }

    public init() {}

    /// Keeps `commits`, oldest first, as a checkpoint stored them.
    public init(_ commits: [KeyedCommit]) {
        for commit in commits {
            append(key: commit.keyBytes, request: commit.requestBytes, hash: CommitKey.hash(of: commit.keyBytes), lsn: commit.lsn, at: commit.at, events: commit.eventBytes)
        }
    }

    /// The retained commits, oldest first (each one copied out).
    public var commits: [KeyedCommit] { entries[start...].map(commit(at:)) }
    public var isEmpty: Bool { count == 0 }
    public var count: Int { entries.count - start }

    /// The commit made under `key`, if it is still retained at `now`.
    public func commit(under key: [UInt8], now: Int64, retention: KeyRetention) -> KeyedCommit? {
        commit(under: key, hash: CommitKey.hash(of: key), now: now, retention: retention)
    }

    /// The commit made under `key` (``CommitKey/keyHash``), if it is still retained at `now`.
    public func commit(under key: CommitKey, now: Int64, retention: KeyRetention) -> KeyedCommit? {
        commit(under: key.key, hash: key.keyHash, now: now, retention: retention)
    }

    private func commit(under key: [UInt8], hash: Int, now: Int64, retention: KeyRetention) -> KeyedCommit? {
        guard let sequence = index[KeyHash(value: hash)] else { return nil }
        let entry = entries[sequence - base]
        guard entry.at >= now - retention.milliseconds, keyBytes(of: entry).elementsEqual(key) else { return nil }
        return commit(at: entry)
    }

    /// Keeps `commit`, as ``keep(_:lsn:at:events:retention:)`` does.
    public mutating func keep(_ commit: KeyedCommit, retention: KeyRetention) {
        keep(commit.keyBytes, commit.requestBytes, hash: CommitKey.hash(of: commit.keyBytes), lsn: commit.lsn, at: commit.at, events: commit.eventBytes, retention: retention)
    }

    /// Keeps the commit of `key` (with the request it came with), at `lsn`, made at `at`, whose
    /// events the journal encoded as `events`: drops first the commits older than the
    /// retention at `at` and then, oldest first, those past the count.
    public mutating func keep(_ key: CommitKey, lsn: UInt64, at: Int64, events: ArraySlice<UInt8>, retention: KeyRetention) {
        keep(key.key[...], key.request[...], hash: key.keyHash, lsn: lsn, at: at, events: events, retention: retention)
    }

    private mutating func keep(
        _ key: ArraySlice<UInt8>, _ request: ArraySlice<UInt8>, hash: Int, lsn: UInt64, at: Int64, events: ArraySlice<UInt8>, retention: KeyRetention
    ) {
        let oldest = at - retention.milliseconds
        while count > 0, entries[start].at < oldest || count >= retention.perPlayer {
            dropOldest()
        }
        if retention.perPlayer > 0 {
            append(key: key, request: request, hash: hash, lsn: lsn, at: at, events: events)
        }
        reclaim()
    }

    private mutating func append(key: ArraySlice<UInt8>, request: ArraySlice<UInt8>, hash: Int, lsn: UInt64, at: Int64, events: ArraySlice<UInt8>) {
        index[KeyHash(value: hash)] = base + entries.count
        entries.append(Entry(
            hash: hash, lsn: lsn, at: at, offset: bytesBase + bytes.count,
            keyCount: Int32(key.count), requestCount: Int32(request.count), eventCount: Int32(events.count)
        ))
        bytes.append(contentsOf: key)
        bytes.append(contentsOf: request)
        bytes.append(contentsOf: events)
    }

    /// Drops the oldest entry; its key leaves the index unless a newer commit reused it.
    private mutating func dropOldest() {
        let entry = entries[start]
        let key = KeyHash(value: entry.hash)
        if let newest = index.removeValue(forKey: key), newest != base + start { index[key] = newest }
        start += 1
        bytesStart = entry.offset + entry.byteCount - bytesBase
    }

    /// Moves the live entries and bytes into arrays of their own once a quarter of their array
    /// has left (amortized O(1) per commit, and at most a third more than the live ones kept).
    ///
    /// Into new arrays sized for the live rest and what joins it before the next move, rather
    /// than down in place: a player at its bound appends as many as it drops, and
    /// the array it appended into had doubled its capacity on the way, so it held twice its
    /// live entries for good (281–286 bytes per retained key under churn, now 261–276:
    /// bench/RESULTS.md, "Memory per retained key").
    private mutating func reclaim() {
        if start > 0, start * 4 >= entries.count {
            entries = Self.live(entries, from: start, margin: 1)
            base += start
            start = 0
        }
        if bytesStart > 0, bytesStart * 4 >= bytes.count {
            bytes = Self.live(bytes, from: bytesStart, margin: 128)
            bytesBase += bytesStart
            bytesStart = 0
        }
    }

    /// `array` from `first` on, in an array with room for a third more (what joins before the
    /// next move) and `margin` more for the commit that crosses the line: the move comes after
    /// it is appended, and were it not to fit, the array would double first. The margin is
    /// one entry, or a grant's bytes and some: a player with a few keys keeps small arrays, and
    /// one with none left keeps no allocation.
    private static func live<Element>(_ array: [Element], from first: Int, margin: Int) -> [Element] {
        let count = array.count - first
        var live: [Element] = []
        guard count > 0 else { return live }
        live.reserveCapacity(count + count / 3 + margin)
        live.append(contentsOf: array[first...])
        return live
    }

    private func keyBytes(of entry: Entry) -> ArraySlice<UInt8> {
        let first = entry.offset - bytesBase
        return bytes[first..<first + Int(entry.keyCount)]
    }

    /// The entry's commit, copied out in one allocation: its bytes are already laid out as
    /// ``KeyedCommit`` keeps them.
    private func commit(at entry: Entry) -> KeyedCommit {
        let start = entry.offset - bytesBase
        return KeyedCommit(
            storage: Array(bytes[start..<start + entry.byteCount]), keyCount: Int(entry.keyCount), requestCount: Int(entry.requestCount),
            lsn: entry.lsn, at: entry.at
        )
    }

    public static func == (lhs: RetainedKeys, rhs: RetainedKeys) -> Bool {
        lhs.commits == rhs.commits
    }
}
