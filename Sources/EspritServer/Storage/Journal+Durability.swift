import EspritStorage

extension Journal {
    /// Suspends until `lsn` is durable and written to the segment files. LMDB and snapshots must
    /// never hold a change the journal could still lose, and the checkpointer reads the ledger
    /// entries from the files.
    ///
    /// - Throws: when the journal has stopped (failed, or closed with records it never wrote),
    ///   so `lsn` can never become durable; or when the disk is full, which may last: the caller
    ///   gives up for now instead of holding a shutdown.
    func waitUntilDurable(_ lsn: UInt64) async throws {
        while durableLSN < lsn || writtenLSN < lsn {
            if hasFailed || isClosed {
                throw CheckpointError(message: "changes up to LSN \(lsn) are not durable and cannot become so (the journal has stopped)")
            }
            if isOutOfSpace {
                throw CheckpointError(message: "changes up to LSN \(lsn) wait for the journal's full disk; try again once space is freed")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
