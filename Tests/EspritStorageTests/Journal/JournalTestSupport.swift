#if canImport(Glibc)
import Glibc
#endif
@testable import EspritStorage
import EspritTestSupport
import Foundation
import Logging

/// Opens journals in a temporary folder and reads their segment files, for the journal tests.
struct JournalFixture {
    let folder = TemporaryDirectory()
    let log = LogRecorder()
    var segmentBytes = 64 << 20

    var directory: String { folder.path + "/journal" }

    /// Opens the journal, returning it with every record replayed.
    func open(
        forceRecovery: Bool = false, durability: Durability = .fsync, configure: (inout JournalConfiguration) -> Void = { _ in }
    ) throws -> (Journal, [(UInt64, [UInt8])]) {
        var replayed: [(UInt64, [UInt8])] = []
        var configuration = JournalConfiguration(directory: directory, durability: durability, segmentBytes: segmentBytes, forceRecovery: forceRecovery)
        configure(&configuration)
        let journal = try Journal(configuration: configuration, logger: log.logger, onFailure: { error in
            fatalError("journal failed in a test: \(error)")
        }, replay: { lsn, payload in replayed.append((lsn, Array(payload))) })
        return (journal, replayed)
    }

    /// The error opening the journal fails with, or nil when it opens (it is closed again).
    func openingError(forceRecovery: Bool = false) -> JournalError? {
        do {
            let (journal, _) = try open(forceRecovery: forceRecovery)
            journal.close()
            return nil
        } catch {
            return error as? JournalError
        }
    }

    /// Appends `payloads` and closes, which writes and syncs them (in one or more batches).
    func write(_ payloads: [[UInt8]]) throws {
        let (journal, _) = try open()
        for payload in payloads {
            _ = journal.append(payload)
        }
        journal.close()
    }

    /// Appends `payloads` one commit at a time — one batch each — and closes. With a small
    /// `segmentBytes`, segments rotate between them.
    func writeOneByOne(_ payloads: [[UInt8]]) throws {
        let (journal, replayed) = try open()
        let first = UInt64(replayed.count + 1)
        for (index, payload) in payloads.enumerated() {
            _ = journal.append(payload)
            while journal.durableLSN < first + UInt64(index) { usleep(100) }
        }
        journal.close()
    }

    /// Appends one batch holding all of `payloads`, numbered from `firstLSN`, to the end of
    /// `segment`, laid out exactly as the writer lays out a group commit. (Appending through the
    /// journal cannot promise one batch: its writer may wake between two appends.)
    func appendBatch(_ payloads: [[UInt8]], firstLSN: UInt64, to segment: String) throws {
        var body: [UInt8] = []
        for (index, payload) in payloads.enumerated() {
            let start = JournalFormat.beginRecord(in: &body)
            body.append(contentsOf: payload)
            JournalFormat.sealRecord(in: &body, at: start, lsn: firstLSN + UInt64(index))
        }
        let batch = JournalFormat.batchHeader(firstLSN: firstLSN, recordCount: payloads.count, bodyLength: body.count) + body
        try overwrite(segment, with: try read(segment) + batch)
    }

    func segmentNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".wal") }.sorted()
    }

    func read(_ segment: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + segment)))
    }

    /// The LSNs a `Journal.scan` through `lsn` visits, in order.
    func scannedLSNs(through lsn: UInt64) throws -> [UInt64] {
        var visited: [UInt64] = []
        try Journal.scan(directory: directory, through: lsn, logger: log.logger) { visitedLSN, _ in visited.append(visitedLSN) }
        return visited
    }

    func overwrite(_ segment: String, with bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + segment))
    }

    /// Payload `index` of the standard test data: distinct lengths and contents.
    static func payload(_ index: Int) -> [UInt8] {
        (0..<(10 + index * 3)).map { UInt8(truncatingIfNeeded: $0 &+ index &* 17) }
    }

    /// Byte offsets at which the batches start in a segment written by ``writeOneByOne(_:)``
    /// (a 16-byte segment header, then per batch a 24-byte batch header, a 20-byte record
    /// header and the payload), followed by the offset where the last one ends.
    static func batchOffsets(_ payloads: [[UInt8]]) -> [Int] {
        var offsets = [16]
        for payload in payloads {
            offsets.append(offsets.last! + 24 + 20 + payload.count)
        }
        return offsets
    }
}

/// Polls `condition` every millisecond for up to five seconds, for what the journal's threads
/// do in the background; the test's own expectation then says whether it came true.
func waitFor(_ condition: () -> Bool) {
    for _ in 0..<5_000 where !condition() { usleep(1_000) }
}
