import EspritGame
@testable import EspritStorage
import Testing

@Suite struct LedgerChunkTests {
    private static let entries = [
        LedgerRecord(playerId: 9, lsn: 1_000, index: 0, at: 1_796_297_198_249, currency: .lumees, delta: 1_000, balanceAfter: 1_000, reason: "register", correlationId: "ocszfyv5-3"),
        LedgerRecord(playerId: 9, lsn: 1_000, index: 1, at: 1_796_297_198_249, currency: .revies, delta: 50, balanceAfter: 50, reason: "register", correlationId: "ocszfyv5-3"),
        LedgerRecord(playerId: 9, lsn: 1_417, index: 0, at: 1_796_297_190_000, currency: .lumees, delta: -4_000, balanceAfter: -3_000, reason: "upgrade", correlationId: ""),
        LedgerRecord(playerId: 9, lsn: UInt64.max, index: UInt16.max, at: Int64.min, currency: .revies, delta: Int64.min, balanceAfter: Int64.max, reason: "Aylà ✨", correlationId: String(repeating: "c", count: 300)),
    ]

    private static func encoded(_ entries: [LedgerRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        LedgerChunk.encode(entries, into: &bytes)
        return bytes
    }

    /// Every field comes back, at the extremes too (a time that goes backwards, the largest LSN
    /// and index, the smallest and largest amounts).
    @Test func entriesRoundTripInJournalOrder() throws {
        let key = LedgerChunk.key(playerId: 9, firstLSN: 1_000)
        #expect(key.count == LedgerChunk.keySize)
        let value = Self.encoded(Self.entries)
        #expect(try LedgerChunk.decode(key: key, value: value) == Self.entries)
        #expect(try value.withUnsafeBytes { try LedgerChunk.count($0) } == Self.entries.count)
        #expect(try LedgerChunk.decode(key: key, value: Self.encoded([Self.entries[2]])) == [LedgerRecord(
            playerId: 9, lsn: 1_000, index: 0, at: Self.entries[2].at, currency: .lumees, delta: -4_000, balanceAfter: -3_000, reason: "upgrade", correlationId: ""
        )], "LSNs count from the key's")
    }

    /// A typical entry costs a few bytes besides its strings, where a key of its own cost 18
    /// bytes and a value of 25 before LMDB's own overhead.
    @Test func aTypicalEntryIsSmall() {
        let quests = (0..<100).map { LedgerRecord(playerId: 9, lsn: 5_000 + UInt64($0) * 3, index: 0, at: 1_796_297_198_249 + Int64($0) * 2, currency: .lumees, delta: 40, balanceAfter: 120_000 + Int64($0) * 40, reason: "quest", correlationId: "") }
        let strings = 2 + 5 + 2
        #expect(Self.encoded(quests).count < 100 * (strings + 9))
    }

    /// Damage is an error that says where: a value cut anywhere, an unknown format, no entries,
    /// bytes after the last entry, an unknown currency, a key of another size.
    @Test func damagedChunksAreRefused() {
        let key = LedgerChunk.key(playerId: 9, firstLSN: 1_000)
        let value = Self.encoded(Self.entries)
        for length in 0..<value.count {
            #expect(throws: BinaryReaderError.self) { try LedgerChunk.decode(key: key, value: Array(value.prefix(length))) }
        }
        var format = value
        format[0] = 2
        #expect(throws: BinaryReaderError(offset: 0, reason: "unknown ledger chunk format 2")) { try LedgerChunk.decode(key: key, value: format) }
        #expect(throws: BinaryReaderError(offset: 1, reason: "a ledger chunk holds at least one entry")) { try LedgerChunk.decode(key: key, value: [1, 0]) }
        #expect(throws: BinaryReaderError(offset: value.count, reason: "1 bytes after the last entry")) { try LedgerChunk.decode(key: key, value: value + [0]) }
        var currency = Self.encoded([Self.entries[0]])
        // Format, count, LSN and index take a byte each here, the time six.
        currency[4 + 6] = 200
        #expect(throws: BinaryReaderError(offset: 10, reason: "unknown currency 200")) { try LedgerChunk.decode(key: key, value: currency) }
        #expect(throws: BinaryReaderError.self) { try LedgerChunk.decode(key: Array(key.prefix(15)), value: value) }
    }
}
