import EspritGame
import EspritProtocol
import NIOCore

/// A followed player's last commits as the `EVENT` frames a subscriber receives: each commit
/// is encoded once, here, and its frames are what every subscriber's ``PushQueue`` copies and
/// what a resume is sent.
///
/// Kept as bytes in one buffer, oldest first, rather than as each commit's events: holding the
/// events kept an array of them per commit alive until 64 commits later, when freeing it (cold
/// by then) and encoding it again for each subscriber cost a pushed commit more than its
/// encoding once (bench/RESULTS.md, "What keys and push cost").
struct PushHistory {
    /// What a commit's frames take before the first commit sizes the buffer.
    private static let initialCapacity = 512

    /// The most commits kept (``PushSettings/historyCommits``); 0 keeps none.
    let limit: Int
    /// Commits at or below this LSN are not kept: a resume from before it must reload.
    private(set) var horizon: UInt64
    /// The kept commits' frames, oldest first, from the reader index on.
    private var frames: ByteBuffer
    /// Each kept commit's LSN and the size of its frames, oldest first, from ``first`` on.
    private var commits: [(lsn: UInt64, bytes: Int)] = []
    private var first = 0

    init(horizon: UInt64, limit: Int) {
        self.horizon = horizon
        self.limit = limit
        frames = ByteBufferAllocator().buffer(capacity: 0)
    }

    /// The number of commits kept.
    var count: Int { commits.count - first }

    /// Encodes the `EVENT` frames of `events`, committed at `lsn` (later than every kept
    /// commit's), keeps them, and forgets the oldest commit past the limit. Returns the
    /// commit's frames: a slice of the history's buffer, to copy before the next append (a
    /// slice still held then makes that append copy the buffer).
    mutating func append(_ events: [GameEvent], lsn: UInt64) -> ByteBuffer {
        if frames.capacity == 0 { frames = ByteBufferAllocator().buffer(capacity: Self.initialCapacity) }
        if limit == 0 {
            frames.clear()
            horizon = lsn
        } else if count == limit {
            horizon = commits[first].lsn
            frames.moveReaderIndex(forwardBy: commits[first].bytes)
            first += 1
            compact()
        }
        let start = frames.writerIndex
        for event in events {
            EventPush.encodeFrame(of: event.wireEvent, lsn: lsn, into: &frames)
        }
        let bytes = frames.writerIndex - start
        if limit > 0 { commits.append((lsn, bytes)) }
        return frames.getSlice(at: start, length: bytes)!
    }

    /// The kept commits after `lsn`, oldest first, each as its frames.
    func commits(after lsn: UInt64) -> [(lsn: UInt64, frames: ByteBuffer)] {
        var offset = frames.readerIndex
        var after: [(lsn: UInt64, frames: ByteBuffer)] = []
        for commit in commits[first...] {
            if commit.lsn > lsn { after.append((commit.lsn, frames.getSlice(at: offset, length: commit.bytes)!)) }
            offset += commit.bytes
        }
        return after
    }

    /// Moves the kept frames and marks down once half of each has gone (amortized O(1) per
    /// commit).
    private mutating func compact() {
        if first * 2 >= commits.count {
            commits.removeFirst(first)
            first = 0
        }
        if frames.readerIndex * 2 >= frames.capacity {
            frames.discardReadBytes()
        }
    }
}
