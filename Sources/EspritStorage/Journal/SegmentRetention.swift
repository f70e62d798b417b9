import Synchronization

/// Holds journal segments against pruning while a reader needs them: an export replays the
/// records after the LSN it started from, a backup copies the tail after its checkpoint.
public final class SegmentRetention: Sendable {
    private let state = Mutex<(nextId: Int, holds: [Int: UInt64])>((0, [:]))

    public init() {}

    /// Keeps every record from `lsn` on until the returned hold is released.
    public func hold(from lsn: UInt64) -> Hold {
        let id = state.withLock { state in
            state.nextId += 1
            state.holds[state.nextId] = lsn
            return state.nextId
        }
        return Hold(retention: self, id: id)
    }

    /// The oldest LSN any reader holds, if any.
    var oldestHeldLSN: UInt64? {
        state.withLock { $0.holds.values.min() }
    }

    fileprivate func release(_ id: Int) {
        _ = state.withLock { $0.holds.removeValue(forKey: id) }
    }

    /// One reader's hold; release it when done (it is also released when dropped).
    public final class Hold: Sendable {
        private let retention: SegmentRetention
        private let id: Int

        fileprivate init(retention: SegmentRetention, id: Int) {
            self.retention = retention
            self.id = id
        }

        public func release() {
            retention.release(id)
        }

        deinit {
            retention.release(id)
        }
    }
}
