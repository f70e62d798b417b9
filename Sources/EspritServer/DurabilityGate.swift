import EspritStorage
import NIOCore

/// Holds encoded replies until the journal says the change they reflect is durable, then sends
/// them (DESIGN.md, "Durable before visible").
///
/// One gate per event loop, touched only on that loop, so it needs no lock. The journal's writer
/// thread wakes it with one `execute` per commit, whatever the number of waiting replies.
final class DurabilityGate {
    private struct Waiting {
        var lsn: UInt64
        var connection: ConnectionHandler
        var frame: ByteBuffer
    }

    private let journal: Journal
    private var waiting: [Waiting] = []
    /// The connections a release wrote to, kept between releases so that neither array is
    /// regrown from empty on every commit (which showed in profiles as allocator work).
    private var released: [ConnectionHandler] = []

    init(journal: Journal) {
        self.journal = journal
    }

    /// Sends `frame` on `connection` now if `lsn` is durable, otherwise once it is.
    func send(_ frame: ByteBuffer, after lsn: UInt64, on connection: ConnectionHandler) {
        if lsn <= journal.durableLSN {
            connection.write(frame)
        } else {
            waiting.append(Waiting(lsn: lsn, connection: connection, frame: frame))
        }
    }

    /// Releases every reply whose LSN is now durable, keeping each connection's order: replies
    /// are written in the order they waited, and the rest keep theirs, in place.
    ///
    /// Entries are looked at in place and the kept ones moved down by swapping, never copied:
    /// under load about half the queue waits for the next commit, and copying each entry on
    /// every pass cost two reference counts per entry per commit.
    func durableLSNAdvanced(to durable: UInt64) {
        guard !waiting.isEmpty else { return }
        var kept = 0
        for index in waiting.indices {
            if waiting[index].lsn <= durable {
                let connection = waiting[index].connection
                connection.write(waiting[index].frame)
                if released.last !== connection { released.append(connection) }
            } else {
                if kept != index { waiting.withUnsafeMutableBufferPointer { $0.swapAt(kept, index) } }
                kept += 1
            }
        }
        waiting.removeLast(waiting.count - kept)
        for connection in released {
            connection.flushIfIdle()
        }
        released.removeAll(keepingCapacity: true)
    }
}
