import EspritStorage

extension Journal {
    /// Suspends until `lsn` is durable. LMDB and snapshots must never hold a change the journal
    /// could still lose.
    ///
    /// - Throws: when the journal has stopped (failed, or closed with records it never wrote),
    ///   so `lsn` can never become durable.
    func waitUntilDurable(_ lsn: UInt64) async throws {
        while durableLSN < lsn {
            if hasFailed || isClosed {
                throw CheckpointError(message: "changes up to LSN \(lsn) are not durable and cannot become so (the journal has stopped)")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
