import Synchronization

/// Whether a commit by the journal's writer thread must wake an event loop for the replies its
/// durability gate holds.
///
/// Always, when the writer thread commits for every loop. When the loop commits for itself
/// (``EspritStorage/JournalConfiguration/callersCommit``), only while one of its end-of-turn
/// commits could not make its records durable (the disk was full, and the writer thread retries
/// them): otherwise the loop's own commit released its replies, and every commit would cost a
/// wake-up for nothing.
final class WriterWakeUp: Sendable {
    private let always: Bool
    /// Set by the loop, sequentially consistent with the journal's durable LSN: the loop sets
    /// it and then reads that LSN, the writer publishes the LSN and then reads this, so one of
    /// them sees the other.
    let waitsForWriter = Atomic<Bool>(false)

    init(always: Bool) {
        self.always = always
    }

    /// Safe to read from any thread.
    var isNeeded: Bool {
        always || waitsForWriter.load(ordering: .sequentiallyConsistent)
    }
}
