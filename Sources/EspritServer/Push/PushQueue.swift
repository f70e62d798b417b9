import NIOCore

/// The `EVENT` frames of a subscription that have not left yet, in LSN order, each commit's
/// frames marked with its LSN: the loop's ``PushFlusher`` takes them by LSN
/// (``take(through:)``), a commit's frames together and never before an earlier commit's.
///
/// It holds what is not yet durable and what waits for the next send: at most one flush
/// delay of the player's commits past what the subscriber's socket refused, since a subscriber
/// whose socket takes no more is cut off at the next send (``ConnectionHandler/sendPushes(through:)``).
///
/// One buffer per subscribed connection that every batch of the player's commits writes into,
/// rather than a buffer, a task and a gate entry per commit: under load a subscriber receives a commit
/// per request, and those three per commit cost more than the request itself
/// (bench/RESULTS.md, "What keys and push cost").
struct PushQueue {
    /// What the first batch takes at least, before a flush sizes the buffer.
    private static let initialCapacity = 256

    private var frames: ByteBuffer
    /// Each queued commit's LSN and the size of its frames, oldest first, from ``first`` on.
    private var commits: [(lsn: UInt64, bytes: Int)] = []
    private var first = 0
    private let allocator: ByteBufferAllocator

    init(allocator: ByteBufferAllocator) {
        self.allocator = allocator
        frames = allocator.buffer(capacity: 0)
    }

    var isEmpty: Bool { first == commits.count }
    /// The bytes waiting.
    var byteCount: Int { frames.readableBytes }
    /// The LSN of the oldest commit waiting.
    var firstLSN: UInt64? { isEmpty ? nil : commits[first].lsn }

    /// Queues a copy of the batch's commits (later than every queued commit).
    mutating func append(_ batch: PushBatch) {
        if frames.capacity == 0 { frames = allocator.buffer(capacity: max(Self.initialCapacity, batch.frames.readableBytes)) }
        frames.writeImmutableBuffer(batch.frames)
        commits.append(contentsOf: batch.commits)
    }

    /// The frames of every queued commit at or below `lsn`, oldest first, in one buffer; nil
    /// when there are none.
    ///
    /// They leave as a slice of the queue's buffer, and what stays moves to a buffer of its
    /// own: a later commit written into storage the socket still holds would copy it whole.
    /// That buffer is sized for what this one held, the pushes of one flush delay: started
    /// small, it doubled (allocated and copied again) several times per delay under load.
    mutating func take(through lsn: UInt64) -> ByteBuffer? {
        var bytes = 0
        var end = first
        while end < commits.count, commits[end].lsn <= lsn {
            bytes += commits[end].bytes
            end += 1
        }
        guard end > first else { return nil }
        first = end
        if first * 2 >= commits.count {
            commits.removeFirst(first)
            first = 0
        }
        let taken = frames.readSlice(length: bytes)!
        var rest = allocator.buffer(capacity: isEmpty ? 0 : max(frames.readableBytes + bytes, Self.initialCapacity))
        rest.writeBuffer(&frames)
        frames = rest
        return taken
    }
}
