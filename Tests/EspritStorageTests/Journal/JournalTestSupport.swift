import EspritStorage
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
    func open(forceRecovery: Bool = false, durability: Durability = .fsync) throws -> (Journal, [(UInt64, [UInt8])]) {
        var replayed: [(UInt64, [UInt8])] = []
        let configuration = JournalConfiguration(directory: directory, durability: durability, segmentBytes: segmentBytes, forceRecovery: forceRecovery)
        let journal = try Journal(configuration: configuration, logger: log.logger, onFailure: { error in
            fatalError("journal failed in a test: \(error)")
        }, replay: { lsn, payload in replayed.append((lsn, payload)) })
        return (journal, replayed)
    }

    /// Appends `payloads` and closes, which writes and syncs them.
    func write(_ payloads: [[UInt8]]) throws {
        let (journal, _) = try open()
        for payload in payloads {
            _ = journal.append { $0.append(contentsOf: payload) }
        }
        journal.close()
    }

    /// Appends `count` standard payloads one commit at a time, so that a small `segmentBytes`
    /// rotates segments between them, and closes.
    func writeOneByOne(_ count: Int) throws {
        let (journal, _) = try open()
        for index in 0..<count {
            _ = journal.append { $0.append(contentsOf: JournalFixture.payload(index)) }
            while journal.durableLSN < UInt64(index + 1) { usleep(100) }
        }
        journal.close()
    }

    func segmentNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".wal") }.sorted()
    }

    func read(_ segment: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + segment)))
    }

    func overwrite(_ segment: String, with bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + segment))
    }

    /// Payload `index` of the standard test data: distinct lengths and contents.
    static func payload(_ index: Int) -> [UInt8] {
        (0..<(10 + index * 3)).map { UInt8(truncatingIfNeeded: $0 &+ index &* 17) }
    }

    /// Byte offsets at which records start in a segment holding `payloads` after its header.
    static func recordOffsets(_ payloads: [[UInt8]]) -> [Int] {
        var offsets: [Int] = []
        var offset = 16
        for payload in payloads {
            offsets.append(offset)
            offset += 20 + payload.count
        }
        return offsets
    }
}
