import EspritGame
import EspritProtocol
import NIOCore

/// A followed player's last commits as the `EVENT` frames a subscriber receives: each commit
/// is encoded once, here; the commits not yet handed to the subscribers leave together
/// (``handOver(_:)``), and the kept ones are what a resume is sent.
///
/// Kept as bytes in one buffer, oldest first, rather than as each commit's events: holding the
/// events kept an array of them per commit alive until 64 commits later, when freeing it (cold
/// by then) and encoding it again for each subscriber cost a pushed commit more than its
/// encoding once (bench/RESULTS.md, "What keys and push cost").
struct PushHistory {
    /// What a commit's frames take before the first commit sizes the buffer.
    private static let initialCapacity = 512

    /// The most commits kept once handed over (``PushSettings/historyCommits``); 0 keeps none.
    let limit: Int
    /// Commits at or below this LSN are not kept: a resume from before it must reload.
    private(set) var horizon: UInt64
    /// The kept commits' frames, oldest first, from the reader index on.
    private var frames: ByteBuffer
    /// Each kept commit's LSN and the size of its frames, oldest first, from ``first`` on.
    private var commits: [(lsn: UInt64, bytes: Int)] = []
    private var first = 0
    /// How many of the newest commits have not been handed over, and their frames' size.
    private(set) var waiting = 0
    private var waitingBytes = 0

    init(horizon: UInt64, limit: Int) {
        self.horizon = horizon
        self.limit = limit
        frames = ByteBufferAllocator().buffer(capacity: 0)
    }

    /// The number of commits kept.
    var count: Int { commits.count - first }

    /// Whether the next commit would pass the most commits kept while some wait: the caller
    /// hands those over first. Commits wait at most `max(limit, 1)` deep, so a player's history
    /// holds what its limit says, handed over or not.
    var isFull: Bool { waiting >= max(limit, 1) }

    /// Encodes the `EVENT` frames of `events`, committed at `lsn` (later than every kept
    /// commit's), and keeps them until handed over and, after that, among the newest `limit`.
    mutating func append(_ events: [GameEvent], lsn: UInt64) {
        if frames.capacity == 0 { frames = ByteBufferAllocator().buffer(capacity: Self.initialCapacity) }
        forgetHandedOver(keeping: limit - 1)
        let start = frames.writerIndex
        for event in events {
            EventPush.encodeFrame(of: event.wireEvent, lsn: lsn, into: &frames)
        }
        let bytes = frames.writerIndex - start
        commits.append((lsn, bytes))
        waiting += 1
        waitingBytes += bytes
    }

    /// Hands the waiting commits to `deliver`, oldest first, as one batch: slices of the
    /// history's storage, to copy before returning (one still held would make the next
    /// ``append(_:lsn:)`` copy the storage whole). Nothing when none wait.
    mutating func handOver(_ deliver: (PushBatch) -> Void) {
        guard waiting > 0 else { return }
        deliver(PushBatch(
            frames: frames.getSlice(at: frames.writerIndex - waitingBytes, length: waitingBytes)!,
            commits: commits[(commits.count - waiting)...]
        ))
        waiting = 0
        waitingBytes = 0
    }

    /// The kept commits after `lsn`, oldest first, as one batch; nil when there are none.
    func commits(after lsn: UInt64) -> PushBatch? {
        var offset = frames.readerIndex
        var index = first
        while index < commits.count, commits[index].lsn <= lsn {
            offset += commits[index].bytes
            index += 1
        }
        guard index < commits.count else { return nil }
        let kept = commits[index...]
        return PushBatch(frames: frames.getSlice(at: offset, length: frames.writerIndex - offset)!, commits: ArraySlice(Array(kept)))
    }

    /// Forgets the oldest commits already handed over, past the newest `kept` (none when
    /// `kept` is below 0), and moves what stays down once half has gone (amortized O(1) per
    /// commit).
    private mutating func forgetHandedOver(keeping kept: Int) {
        while count > max(kept, 0), count > waiting {
            horizon = commits[first].lsn
            frames.moveReaderIndex(forwardBy: commits[first].bytes)
            first += 1
        }
        if first * 2 >= commits.count {
            commits.removeFirst(first)
            first = 0
        }
        if frames.readerIndex * 2 >= frames.capacity {
            frames.discardReadBytes()
        }
    }
}
