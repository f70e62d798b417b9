/// One player's keyed commits, oldest first, within a ``KeyRetention``.
///
/// An array searched from the newest: a player holds at most a thousand or so, most players
/// none (an empty array costs no allocation), and a lookup compares hashes before bytes.
public struct RetainedKeys: Equatable, Sendable {
    public private(set) var commits: [KeyedCommit] = []
    /// The hash of each commit's key, in the same order; rebuilt on load, never stored.
    private var hashes: [Int] = []

    public init() {}

    public init(_ commits: [KeyedCommit]) {
        self.commits = commits
        self.hashes = commits.map { $0.key.key.hashValue }
    }

    public var isEmpty: Bool { commits.isEmpty }
    public var count: Int { commits.count }

    /// The commit made under `key`, if it is still retained at `now`.
    public func commit(under key: [UInt8], now: Int64, retention: KeyRetention) -> KeyedCommit? {
        let hash = key.hashValue
        let oldest = now - retention.milliseconds
        for index in commits.indices.reversed() where hashes[index] == hash && commits[index].key.key == key {
            return commits[index].at >= oldest ? commits[index] : nil
        }
        return nil
    }

    /// Keeps `commit`, dropping first the commits older than the retention at the commit's
    /// time and then, oldest first, those past the count.
    public mutating func keep(_ commit: KeyedCommit, retention: KeyRetention) {
        let oldest = commit.at - retention.milliseconds
        var drop = 0
        while drop < commits.count, commits[drop].at < oldest || commits.count - drop >= retention.perPlayer {
            drop += 1
        }
        if drop > 0 {
            commits.removeFirst(drop)
            hashes.removeFirst(drop)
        }
        guard retention.perPlayer > 0 else { return }
        commits.append(commit)
        hashes.append(commit.key.key.hashValue)
    }

    /// Drops the commits older than the retention at `now`: a checkpoint keeps no expired key.
    public mutating func expire(now: Int64, retention: KeyRetention) {
        let oldest = now - retention.milliseconds
        guard let firstKept = commits.firstIndex(where: { $0.at >= oldest }) else {
            commits.removeAll()
            hashes.removeAll()
            return
        }
        commits.removeFirst(firstKept)
        hashes.removeFirst(firstKept)
    }

    public static func == (lhs: RetainedKeys, rhs: RetainedKeys) -> Bool {
        lhs.commits == rhs.commits
    }
}
