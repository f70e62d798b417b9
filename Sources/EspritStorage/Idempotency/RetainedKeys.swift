import CPrefetch
#if canImport(Glibc)
import Glibc
#endif

/// One player's keyed commits, oldest first, within a ``KeyRetention``.
///
/// Kept without an allocation per commit: each commit's key, request fingerprint and payloads
/// go back to back into one byte array, its fixed fields into an array of plain entries, and a
/// retry is found through a table from the key's hash to the entry (``KeyIndex``). A player at
/// its bound (1 024 by default) replaces its oldest commit on every keyed change; with a heap
/// object per commit, the allocator and the reference counts of 51 200 of them cost a keyed
/// load a quarter of its throughput (bench/RESULTS.md).
///
/// Both arrays are rings: the oldest commit leaves in O(1) and the newest takes its place, so a
/// player at its bound moves nothing and allocates nothing. Arrays whose live rest moved down
/// once a quarter had left streamed about 400 bytes per keyed change through the cache, and
/// kept a third more than the live keys between moves (bench/RESULTS.md, "Memory per retained
/// key"). The rings grow while a player fills its keys and shrink when most have left.
///
/// The table is keyed by the key's hash, not its bytes, and the entry's own key confirms a
/// match: keys whose hashes share the table's 32-bit tag are told apart by their bytes.
public struct RetainedKeys: Equatable, Sendable {
    /// A kept commit's fixed fields; its bytes are `bytes[offset ..< offset + byteCount]`.
    /// 32 bytes, two to a cache line: a player at its bound reads the oldest entry and writes
    /// the newest in its place on every keyed change, one line missed every other change.
    private struct Entry {
        var lsn: UInt64
        var at: Int64
        /// Where the key starts in ``bytes``.
        var offset: Int
        var keyCount: Int32
        var payloadCount: Int32

        /// The key's bytes, the request's fingerprint, the payloads'.
        var byteCount: Int { Int(keyCount) + RequestFingerprint.byteCount + Int(payloadCount) }

        static let unused = Entry(lsn: 0, at: 0, offset: 0, keyCount: 0, payloadCount: 0)
    }

    /// The smallest ring of entries, and of bytes, that a player with keys keeps.
    private static let minimumEntries = 4
    private static let minimumBytes = 256

    /// The entries, a ring whose size is a power of two (or empty): entry number `n` is at
    /// `entries[n & (entries.count - 1)]`, and numbers never repeat, so the index holds them.
    private var entries: [Entry] = []
    /// The number of the oldest entry.
    private var first = 0
    public private(set) var count = 0
    /// Each entry's key, request fingerprint and events' payloads, back to back in a ring, from
    /// the oldest entry's offset up to ``bytesTail`` (where the next one's go), wrapping round
    /// once the tail reaches the end. A commit's bytes never wrap: one that would not fit before the
    /// end goes at the start, and the bytes it skipped are free again once the oldest entry
    /// passes them.
    private var bytes: [UInt8] = []
    private var bytesTail = 0
    /// The live entries' bytes, without the skipped ones.
    private var bytesUsed = 0
    /// The newest entry's number, by its key's hash.
    private var index = KeyIndex()

    public init() {}

    /// Keeps `commits`, oldest first, as a checkpoint stored them.
    public init(_ commits: [KeyedCommit]) {
        for commit in commits {
            commit.keyBytes.withUnsafeBytes { key in
                commit.payloadBytes.withUnsafeBytes { payloads in
                    append(key: key, request: commit.request, hash: CommitKey.hash(of: key), lsn: commit.lsn, at: commit.at, payloads: payloads)
                }
            }
        }
    }

    /// The retained commits, oldest first (each one copied out).
    public var commits: [KeyedCommit] { (first..<first + count).map { commit(at: entry(numbered: $0)) } }
    public var isEmpty: Bool { count == 0 }

    /// The commit made under `key`, if it is still retained at `now`.
    public func commit(under key: [UInt8], now: Int64, retention: KeyRetention) -> KeyedCommit? {
        key.withUnsafeBytes { commit(under: $0, hash: CommitKey.hash(of: $0), now: now, retention: retention) }
    }

    /// The commit made under `key` (``CommitKey/keyHash``), if it is still retained at `now`.
    public func commit(under key: CommitKey, now: Int64, retention: KeyRetention) -> KeyedCommit? {
        key.key.withUnsafeBytes { commit(under: $0, hash: key.keyHash, now: now, retention: retention) }
    }

    private func commit(under key: UnsafeRawBufferPointer, hash: Int, now: Int64, retention: KeyRetention) -> KeyedCommit? {
        guard let number = number(under: hash, key: key) else { return nil }
        let entry = entry(numbered: number)
        guard entry.at >= now - retention.milliseconds else { return nil }
        return commit(at: entry)
    }

    /// Asks for the lines that looking a key up (by its ``CommitKey/keyHash``) and keeping a
    /// commit under it read and write, in the state for writing, without waiting for them: the
    /// index's first line for the key, the ring of bytes at its tail (where a commit of up to
    /// 64 bytes goes, unless it wraps), the oldest entry (which the keep reads to drop it) and
    /// the one the keep fills (the same at the bound). The shard asks before it runs the rule,
    /// and looks the key up after it: the rule, and for a new key the journal's encoding, take
    /// several hundred nanoseconds in which the lines arrive.
    ///
    /// A player's index and rings were last touched a few dozen keyed changes ago, by its
    /// previous keep, and are out of the cache by now. The look-up's line cost about 70 ns of
    /// each keyed change at 50 players (bench/RESULTS.md, session 33). Stores that missed held
    /// up every store after them (the core's store buffer filled): about 90 ns of each keyed
    /// change went to zeroing the shard's next 200 bytes (bench/RESULTS.md, session 30).
    public func prepare(forKeyHash keyHash: Int) {
        index.prefetch(keyHash)
        if bytesTail < bytes.count {
            bytes.withUnsafeBytes { ring in
                esprit_prefetch_for_write(ring.baseAddress! + bytesTail)
                esprit_prefetch_for_write(ring.baseAddress! + min(bytesTail + 63, ring.count - 1))
            }
        }
        guard !entries.isEmpty else { return }
        entries.withUnsafeBufferPointer { ring in
            esprit_prefetch_for_write(ring.baseAddress! + (first & (ring.count - 1)))
            esprit_prefetch_for_write(ring.baseAddress! + ((first + count) & (ring.count - 1)))
        }
    }

    /// Keeps `commit`, as ``keep(_:lsn:at:payloads:retention:)`` does.
    public mutating func keep(_ commit: KeyedCommit, retention: KeyRetention) {
        commit.keyBytes.withUnsafeBytes { key in
            commit.payloadBytes.withUnsafeBytes { payloads in
                keep(key, commit.request, hash: CommitKey.hash(of: key), lsn: commit.lsn, at: commit.at, payloads: payloads, retention: retention)
            }
        }
    }

    /// Keeps the commit of `key` (with the request it came with), at `lsn`, made at `at`, whose
    /// events' payloads are `payloads` (``EventCodec/encodePayloads(_:)``): drops first the
    /// commits older than the retention at `at` and then, oldest first, those past the count.
    ///
    /// The payloads are borrowed bytes, which the shard reads where it journaled them: a slice
    /// of its array cost a reference count there.
    public mutating func keep(_ key: CommitKey, lsn: UInt64, at: Int64, payloads: UnsafeRawBufferPointer, retention: KeyRetention) {
        key.key.withUnsafeBytes { keep($0, key.request, hash: key.keyHash, lsn: lsn, at: at, payloads: payloads, retention: retention) }
    }

    private mutating func keep(
        _ key: UnsafeRawBufferPointer, _ request: RequestFingerprint, hash: Int, lsn: UInt64, at: Int64, payloads: UnsafeRawBufferPointer, retention: KeyRetention
    ) {
        drop(madeBefore: at - retention.milliseconds, keeping: retention.perPlayer - 1)
        if retention.perPlayer > 0 {
            append(key: key, request: request, hash: hash, lsn: lsn, at: at, payloads: payloads)
        }
    }

    /// Drops the commits that expired at `now`, and gives back the room they took: a player
    /// whose keyed changes stopped keeps its keys no longer than the retention (the
    /// checkpointer's sweep, ``keep(_:lsn:at:payloads:retention:)`` otherwise). Returns how many
    /// left.
    public mutating func dropExpired(now: Int64, retention: KeyRetention) -> Int {
        drop(madeBefore: now - retention.milliseconds, keeping: Int.max)
    }

    /// Drops, oldest first, the commits made before `oldest` and those past the newest `kept`;
    /// returns how many.
    ///
    /// The oldest entries leave the ring's window; their slots in the index go stale
    /// (``KeyIndex``). The ring is read through its buffer and the counters changed as locals:
    /// a player at its bound drops an entry on every keyed change.
    @discardableResult
    private mutating func drop(madeBefore oldest: Int64, keeping kept: Int) -> Int {
        var (first, count, bytesUsed) = (self.first, self.count, self.bytesUsed)
        entries.withUnsafeBufferPointer { ring in
            while count > 0 {
                let entry = ring[first & (ring.count - 1)]
                guard entry.at < oldest || count > kept else { break }
                first += 1
                count -= 1
                bytesUsed -= entry.byteCount
            }
        }
        let dropped = self.count - count
        guard dropped > 0 else { return 0 }
        (self.first, self.count, self.bytesUsed) = (first, count, bytesUsed)
        if count == 0 { bytesTail = 0 }
        shrinkIfSparse()
        return dropped
    }

    private mutating func append(key: UnsafeRawBufferPointer, request: RequestFingerprint, hash: Int, lsn: UInt64, at: Int64, payloads: UnsafeRawBufferPointer) {
        let byteCount = key.count + RequestFingerprint.byteCount + payloads.count
        if count == entries.count { resizeEntries(to: max(Self.minimumEntries, entries.count * 2)) }
        var offset = bytesOffset(for: byteCount)
        if offset == nil {
            let needed = bytesUsed + byteCount
            relayoutBytes(capacity: max(Self.minimumBytes, needed + needed / 4))
            offset = bytesTail
        }
        let start = offset!
        // One access to the ring for the three parts: each checked the array's uniqueness.
        bytes.withUnsafeMutableBytes { ring in
            let target = ring.baseAddress! + start
            if let keyStart = key.baseAddress { target.copyMemory(from: keyStart, byteCount: key.count) }
            request.withStoredBytes { (target + key.count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            if let payloadsStart = payloads.baseAddress {
                (target + key.count + RequestFingerprint.byteCount).copyMemory(from: payloadsStart, byteCount: payloads.count)
            }
        }
        bytesTail = start + byteCount
        bytesUsed += byteCount
        let number = first + count
        entries[number & (entries.count - 1)] = Entry(
            lsn: lsn, at: at, offset: start, keyCount: Int32(key.count), payloadCount: Int32(payloads.count)
        )
        count += 1
        index.makeRoom(liveFrom: UInt32(truncatingIfNeeded: first), count: count)
        // The rings are read through their buffers while the index changes: copying the arrays
        // into the closure instead cost two reference counts, each waiting for the stores just
        // made (bench/RESULTS.md, session 30).
        let (first, count) = (self.first, self.count)
        entries.withUnsafeBufferPointer { entries in
            bytes.withUnsafeBytes { bytes in
                index.set(hash, to: UInt32(truncatingIfNeeded: number)) {
                    Self.holds($0, key, entries: entries, bytes: bytes, first: first, count: count)
                }
            }
        }
    }

    /// The number of the newest live entry under `key`, whose hash is `hash`, if any.
    private func number(under hash: Int, key: UnsafeRawBufferPointer) -> Int? {
        entries.withUnsafeBufferPointer { entries in
            bytes.withUnsafeBytes { bytes in
                index.find(hash) { Self.holds($0, key, entries: entries, bytes: bytes, first: first, count: count) }
            }
        }
        .map { Self.number(from: $0, first: first) }
    }

    /// Whether the number ending in `lowerBits` is live and its entry's key is `key`.
    private static func holds(
        _ lowerBits: UInt32, _ key: UnsafeRawBufferPointer, entries: UnsafeBufferPointer<Entry>, bytes: UnsafeRawBufferPointer, first: Int, count: Int
    ) -> Bool {
        guard KeyIndex.isLive(lowerBits, liveFrom: UInt32(truncatingIfNeeded: first), count: count) else { return false }
        let entry = entries[number(from: lowerBits, first: first) & (entries.count - 1)]
        guard Int(entry.keyCount) == key.count else { return false }
        guard let keyStart = key.baseAddress else { return true }
        guard let stored = bytes.baseAddress else { return false }
        return memcmp(stored + entry.offset, keyStart, key.count) == 0
    }

    /// A live entry's number from its lower 32 bits (as ``KeyIndex`` keeps it): live numbers
    /// run from `first` for fewer than 2³².
    private static func number(from lowerBits: UInt32, first: Int) -> Int {
        first + Int(lowerBits &- UInt32(truncatingIfNeeded: first))
    }

    /// Where a commit of `byteCount` bytes goes in the ring of bytes (``RingPlacement``); nil
    /// when it fits nowhere.
    private func bytesOffset(for byteCount: Int) -> Int? {
        RingPlacement.offset(for: byteCount, head: count == 0 ? nil : entry(numbered: first).offset, tail: bytesTail, capacity: bytes.count)
    }

    /// Gives back most of a ring once three quarters of it lie unused, keeping room for as many
    /// again as are live: a player whose keys expired keeps little, one with none left nothing.
    /// Inlined: a player at its bound drops a commit on every keyed change, and the call alone
    /// was about half of this check's 50 instructions.
    @inline(__always)
    private mutating func shrinkIfSparse() {
        index.shrink(liveFrom: UInt32(truncatingIfNeeded: first), count: count)
        guard count > 0 else {
            entries = []
            bytes = []
            return
        }
        if entries.count > Self.minimumEntries, count * 4 <= entries.count {
            resizeEntries(to: max(Self.minimumEntries, Self.powerOfTwo(atLeast: count * 2)))
        }
        if bytes.count > Self.minimumBytes, bytesUsed * 4 <= bytes.count {
            relayoutBytes(capacity: max(Self.minimumBytes, bytesUsed * 2))
        }
    }

    /// Moves the live entries into a ring of `capacity` (a power of two, or 0 with none live),
    /// each under its own number.
    private mutating func resizeEntries(to capacity: Int) {
        var resized = [Entry](repeating: .unused, count: capacity)
        for number in first..<first + count {
            resized[number & (capacity - 1)] = entry(numbered: number)
        }
        entries = resized
    }

    /// Moves the live entries' bytes, oldest first and without the skipped ones, to the start
    /// of a ring of `capacity` bytes.
    private mutating func relayoutBytes(capacity: Int) {
        var moved = [UInt8](repeating: 0, count: capacity)
        var offset = 0
        for number in first..<first + count {
            let slot = number & (entries.count - 1)
            let entry = entries[slot]
            moved[offset..<offset + entry.byteCount] = bytes[entry.offset..<entry.offset + entry.byteCount]
            entries[slot].offset = offset
            offset += entry.byteCount
        }
        bytes = moved
        bytesTail = offset
    }

    /// The rings' sizes, in entries and in bytes, and the index's in slots: what the player's
    /// keys hold on to.
    var ringCapacity: (entries: Int, bytes: Int) { (entries.count, bytes.count) }
    var indexCapacity: Int { index.capacity }

    private static func powerOfTwo(atLeast value: Int) -> Int {
        value <= 1 ? 1 : 1 << (Int.bitWidth - (value - 1).leadingZeroBitCount)
    }

    private func entry(numbered number: Int) -> Entry {
        entries[number & (entries.count - 1)]
    }

    /// The entry's commit, copied out in one allocation: its bytes are already laid out as
    /// ``KeyedCommit`` keeps them.
    private func commit(at entry: Entry) -> KeyedCommit {
        KeyedCommit(
            storage: Array(bytes[entry.offset..<entry.offset + entry.byteCount]), keyCount: Int(entry.keyCount), lsn: entry.lsn, at: entry.at
        )
    }

    public static func == (lhs: RetainedKeys, rhs: RetainedKeys) -> Bool {
        lhs.commits == rhs.commits
    }
}
