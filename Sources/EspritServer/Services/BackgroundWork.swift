/// What a ``BackgroundService`` runs: the seed's `update()` and `cleanup()` (seeds/001).
public protocol BackgroundWork: Sendable {
    /// One run. Throwing counts as a failure: the service retries after its backoff delay and
    /// stops after ``BackgroundServiceSettings/maxConsecutiveFailures`` in a row.
    ///
    /// - Returns: how many items the run processed (players written, snapshots kept...).
    func run() async throws -> Int

    /// Releases what the work holds; called once, after the service's last run.
    func cleanup() async
}

extension BackgroundWork {
    public func cleanup() async {}
}
