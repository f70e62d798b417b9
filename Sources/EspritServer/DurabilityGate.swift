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

    /// Releases every reply whose LSN is now durable, keeping each connection's order.
    func durableLSNAdvanced(to durable: UInt64) {
        guard !waiting.isEmpty else { return }
        var stillWaiting: [Waiting] = []
        var released: [ConnectionHandler] = []
        for entry in waiting {
            if entry.lsn <= durable {
                entry.connection.write(entry.frame)
                if released.last !== entry.connection { released.append(entry.connection) }
            } else {
                stillWaiting.append(entry)
            }
        }
        waiting = stillWaiting
        for connection in released {
            connection.flushIfIdle()
        }
    }
}
