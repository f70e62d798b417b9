import CPrefetch
import EspritGame
import EspritProtocol
import EspritStorage
import NIOCore

/// A followed player's last commits as the `EVENT` frames a subscriber receives: each commit
/// is encoded once, here; the commits not yet handed to the subscribers leave together
/// (``handOver(_:)``), and the kept ones are what a resume is sent.
///
/// Kept as bytes, oldest first, rather than as each commit's events: holding the events kept
/// an array of them per commit alive until 64 commits later, when freeing it (cold by then) and
/// encoding it again for each subscriber cost a pushed commit more than its encoding once
/// (bench/RESULTS.md, "What keys and push cost").
///
/// The frames, and each commit's LSN, place and size, lie in memory the history allocates
/// itself, reached from its own fields on the followed player's entry. In a `ByteBuffer` and
/// an array, each commit also read the buffer's storage object and the array's header, two
/// more lines that under load had left the cache since the player's last commit, and every 64
/// commits moved the kept frames down (bench/RESULTS.md). Both are rings: the oldest commit
/// leaves in O(1) and nothing moves while the history keeps its size. Noncopyable, so that the
/// memory has one owner, which frees it.
struct PushHistory: ~Copyable {
    /// A kept commit: its LSN, and where its frames lie in the ring of frames.
    private struct Commit {
        var lsn: UInt64
        var offset: Int
        var bytes: Int
    }

    /// What the frames take before the first commits size them.
    private static let initialFrameBytes = 512

    /// The most commits kept once handed over (``PushSettings/historyCommits``); 0 keeps none.
    let limit: Int
    /// Commits at or below this LSN are not kept: a resume from before it must reload.
    private(set) var horizon: UInt64
    /// The kept commits' frames, oldest first, in a ring of `frameCapacity` bytes from the
    /// oldest commit's offset up to `framesEnd` (where the next commit's go). A commit's frames
    /// never wrap: a commit that would not fit before the end goes at the start, and the bytes
    /// it skipped are free again once the oldest commit passes them.
    private var frames: UnsafeMutableRawPointer?
    private var frameCapacity = 0
    private var framesEnd = 0
    /// The kept commits, oldest first: a ring of `commitCapacity` from `first`.
    private var commits: UnsafeMutablePointer<Commit>?
    private var commitCapacity = 0
    private var first = 0
    /// The number of commits kept.
    private(set) var count = 0
    /// How many of the newest commits have not been handed over.
    private(set) var waiting = 0

    init(horizon: UInt64, limit: Int) {
        self.horizon = horizon
        self.limit = limit
    }

    deinit {
        frames?.deallocate()
        commits?.deallocate()
    }

    /// Whether the next commit would pass the most commits kept while some wait: the caller
    /// hands those over first. Commits wait at most `max(limit, 1)` deep, so a player's history
    /// holds what its limit says, handed over or not.
    var isFull: Bool { waiting >= max(limit, 1) }

    /// Encodes the `EVENT` frames of `events`, committed at `lsn` (later than every kept
    /// commit's), and keeps them until handed over and, after that, among the newest `limit`.
    mutating func append(_ events: [GameEvent], lsn: UInt64) {
        forgetHandedOver(keeping: limit - 1)
        if count == commitCapacity { growCommits() }
        // Sized before written, so that the commit's frames are placed whole. A commit of one
        // event, the usual one, is converted to its wire form once (and not copied: an optional
        // of it, mapped, copied it twice); more are converted again.
        let offset: Int
        let bytes: Int
        if events.count == 1 {
            let event = events[0].wireEvent
            bytes = EventPush.frameBytes(of: event)
            offset = place(bytes)
            EventPush.writeFrame(of: event, lsn: lsn, frameBytes: bytes, at: frames! + offset)
        } else {
            bytes = events.indices.reduce(0) { $0 + EventPush.frameBytes(of: events[$1].wireEvent) }
            offset = place(bytes)
            var next = offset
            for index in events.indices {
                let event = events[index].wireEvent
                let frameBytes = EventPush.frameBytes(of: event)
                EventPush.writeFrame(of: event, lsn: lsn, frameBytes: frameBytes, at: frames! + next)
                next += frameBytes
            }
        }
        framesEnd = offset + bytes
        commits![slot(count)] = Commit(lsn: lsn, offset: offset, bytes: bytes)
        count += 1
        waiting += 1
    }

    /// Asks for the lines the next ``append(_:lsn:)`` writes or reads, in the state for
    /// writing, without waiting for them: the frames' tail (where a commit's frames of up to 64
    /// bytes go, unless they wrap), the next commit's place and the oldest commit's (which a
    /// full history drops).
    func prepareToAppend() {
        if let frames, framesEnd < frameCapacity {
            esprit_prefetch_for_write(frames + framesEnd)
            esprit_prefetch_for_write(frames + min(framesEnd + 63, frameCapacity - 1))
        }
        guard let commits, count < commitCapacity else { return }
        esprit_prefetch_for_write(commits + slot(count))
        esprit_prefetch_for_write(commits + first)
    }

    /// Hands the waiting commits to `deliver`, oldest first, as one batch in storage of its
    /// own. Nothing when none wait.
    mutating func handOver(_ deliver: (PushBatch) -> Void) {
        guard waiting > 0 else { return }
        deliver(batch(from: count - waiting))
        waiting = 0
    }

    /// The kept commits after `lsn`, oldest first, as one batch; nil when there are none.
    func commits(after lsn: UInt64) -> PushBatch? {
        var index = 0
        while index < count, commits![slot(index)].lsn <= lsn { index += 1 }
        return index < count ? batch(from: index) : nil
    }

    /// A copy of the kept commits from the `index`th on. Commits that lie back to back in the
    /// ring of frames, all of them but where it wrapped, are copied in one write: a write per
    /// commit took about 100 instructions of every pushed commit (callgrind, bench/RESULTS.md,
    /// session 33).
    private func batch(from index: Int) -> PushBatch {
        var kept: [(lsn: UInt64, bytes: Int)] = []
        kept.reserveCapacity(count - index)
        var total = 0
        for number in index..<count {
            let commit = commits![slot(number)]
            kept.append((commit.lsn, commit.bytes))
            total += commit.bytes
        }
        var copy = ByteBufferAllocator().buffer(capacity: total)
        let firstOffset = commits![slot(index)].offset
        var run = firstOffset..<firstOffset
        for number in index..<count {
            let commit = commits![slot(number)]
            if commit.offset != run.upperBound {
                copy.writeBytes(UnsafeRawBufferPointer(start: frames.map { $0 + run.lowerBound }, count: run.count))
                run = commit.offset..<commit.offset
            }
            run = run.lowerBound..<commit.offset + commit.bytes
        }
        copy.writeBytes(UnsafeRawBufferPointer(start: frames.map { $0 + run.lowerBound }, count: run.count))
        return PushBatch(frames: copy, commits: kept[...])
    }

    /// Forgets the oldest commits already handed over, past the newest `kept` (none when
    /// `kept` is below 0).
    private mutating func forgetHandedOver(keeping kept: Int) {
        while count > max(kept, 0), count > waiting {
            horizon = commits![first].lsn
            first = first + 1 == commitCapacity ? 0 : first + 1
            count -= 1
        }
    }

    /// Where the `index`th kept commit lies in the ring of commits.
    private func slot(_ index: Int) -> Int {
        let slot = first + index
        return slot < commitCapacity ? slot : slot - commitCapacity
    }

    /// Doubles the ring of commits, or starts it at the most a history holds, `max(limit, 1)`
    /// commits (the caller hands the waiting ones over before one more).
    private mutating func growCommits() {
        let capacity = max(commitCapacity * 2, max(limit, 1))
        let grown = UnsafeMutablePointer<Commit>.allocate(capacity: capacity)
        for index in 0..<count {
            (grown + index).initialize(to: commits![slot(index)])
        }
        commits?.deallocate()
        commits = grown
        commitCapacity = capacity
        first = 0
    }

    /// Where a commit of `bytes` goes in the ring of frames (``RingPlacement``). When it fits
    /// nowhere, the kept commits move to new frames a quarter larger than they and it need, and
    /// it goes after them.
    private mutating func place(_ bytes: Int) -> Int {
        let head = count == 0 ? nil : commits![first].offset
        if let offset = RingPlacement.offset(for: bytes, head: head, tail: framesEnd, capacity: frameCapacity) { return offset }
        let live = (0..<count).reduce(0) { $0 + commits![slot($1)].bytes }
        let capacity = max(Self.initialFrameBytes, (live + bytes) + (live + bytes) / 4)
        let moved = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        var offset = 0
        for index in 0..<count {
            let commit = commits![slot(index)]
            if let frames { moved.advanced(by: offset).copyMemory(from: frames + commit.offset, byteCount: commit.bytes) }
            commits![slot(index)].offset = offset
            offset += commit.bytes
        }
        frames?.deallocate()
        frames = moved
        frameCapacity = capacity
        framesEnd = offset
        return offset
    }
}
