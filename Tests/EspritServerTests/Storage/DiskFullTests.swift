#if canImport(Glibc)
import Glibc
#endif
import EspritClient
import EspritGame
import EspritProtocol
import Synchronization
import Testing

/// Disk full while journaling (injected as ENOSPC on the journal's writes): the change in flight
/// is not acknowledged, new changes get UNAVAILABLE, nothing is corrupted, and everything
/// resumes once space returns. With the loops sharing the writer thread, and with one loop that
/// commits the journal itself (its refused batch goes to the writer thread, whose commit wakes
/// the loop).
@Suite struct DiskFullTests {
    @Test(.timeLimit(.minutes(1)), arguments: [nil, 1])
    func changesAreRefusedWhileTheDiskIsFullAndResumeAfter(eventLoops: Int?) async throws {
        let diskFull = Mutex(false)
        let fullDiskWrites = Mutex(0)
        let server = try await TestServer.start(
            journalFault: { point in
                guard point == .write, diskFull.withLock({ $0 }) else { return nil }
                fullDiskWrites.withLock { $0 += 1 }
                return ENOSPC
            }, eventLoops: eventLoops
        )
        let client = try await server.client()
        let player = try await client.register(name: "Patience")
        await client.close()
        let admin = try await server.adminClient()
        let start = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1).balance

        diskFull.withLock { $0 = true }
        let inFlightClient = try await server.adminClient()
        let answered = Mutex(false)
        let inFlight = Task {
            defer { answered.withLock { $0 = true } }
            return try await inFlightClient.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 10)
        }
        // The writer meets the full disk as soon as it tries to write that grant, then marks the
        // journal full and retries; a grant sent before the mark would be taken and wait like
        // the first one. The retry is the event that says the mark is set.
        while fullDiskWrites.withLock({ $0 }) < 2 {
            try await Task.sleep(for: .milliseconds(5))
        }
        var refusal: WireError?
        for _ in 0..<500 where refusal == nil {
            do {
                _ = try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 100)
                Issue.record("a grant was acknowledged while the disk was full")
            } catch let error as EspritClientError {
                refusal = error.wireError
            }
        }
        #expect(refusal?.details == .unavailable(reason: "the journal's disk is full; changes resume once space is freed"))
        #expect(!answered.withLock { $0 }, "the change in flight waits, unacknowledged")
        #expect(try await server.server.checkpoint().players == 0, "postponed, not stuck behind the full disk")

        diskFull.withLock { $0 = false }
        #expect(try await inFlight.value.balance == start + 10)
        #expect(try await admin.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1_000).balance == start + 1_010)
        await inFlightClient.close()
        await admin.close()
        try await server.stop()

        let restarted = try await TestServer.start(folder: server.folder, eventLoops: eventLoops)
        let auditor = try await restarted.adminClient()
        #expect(try await auditor.grant(playerId: player.playerId, currency: Currency.lumees.rawValue, amount: 1).balance == start + 1_011)
        let ledger = try await auditor.ledger(playerId: player.playerId, limit: 100).filter { $0.currency == Currency.lumees.rawValue }
        #expect(ledger.prefix(3).map(\.delta) == [1, 1_000, 10], "the refused grants left no trace")
        await auditor.close()
        try await restarted.stopAndRemove()
    }
}
