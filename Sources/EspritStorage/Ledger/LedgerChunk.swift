import EspritGame

/// One player's ledger entries from one checkpoint transaction, stored as a single LMDB value.
///
/// A checkpoint used to put every entry under a key of its own: under a million quests that is
/// a million B-tree inserts and, with the key and LMDB's node header and half-filled pages,
/// about 150 bytes written and synced per entry while the journal's syncs wait behind them
/// (bench/RESULTS.md, "The ledger in chunks"). A chunk holds what one transaction writes for
/// one player, numbers as varints and differences from the entry before.
///
/// Key: u64 player id, u64 LSN of its first entry, big-endian (16 bytes). The entries of a
/// data directory written before chunks keep their own 18-byte keys (``LedgerRecord``); both
/// sort by player, then LSN, so a player's entries read back in journal order either way.
///
/// Value, little-endian: u8 format (1), varint entry count, then per entry in journal order:
/// varint LSN after the previous entry's (the first: after the key's LSN, so 0), varint index,
/// signed varint time after the previous entry's (the first: its time), u8 currency, signed
/// varint delta, signed varint balance after, string reason, string correlation id (strings
/// as ``BinaryReader/readString()`` reads them).
enum LedgerChunk {
    static let keySize = 16
    private static let format: UInt8 = 1

    /// The chunk's key: the player and the LSN of its first entry.
    static func key(playerId: UInt64, firstLSN: UInt64) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(keySize)
        withUnsafeBytes(of: playerId.bigEndian) { key.append(contentsOf: $0) }
        withUnsafeBytes(of: firstLSN.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    /// Encodes `entries` (one player's, in journal order, at least one) into `bytes`.
    static func encode(_ entries: some Collection<LedgerRecord>, into bytes: inout [UInt8]) {
        bytes.append(format)
        bytes.appendVarint(UInt64(entries.count))
        var lsn = entries.first?.lsn ?? 0
        var at: Int64 = 0
        for entry in entries {
            bytes.appendVarint(entry.lsn - lsn)
            bytes.appendVarint(UInt64(entry.index))
            bytes.appendSignedVarint(entry.at &- at)
            bytes.append(entry.currency.rawValue)
            bytes.appendSignedVarint(entry.delta)
            bytes.appendSignedVarint(entry.balanceAfter)
            bytes.appendString(entry.reason)
            bytes.appendString(entry.correlationId)
            lsn = entry.lsn
            at = entry.at
        }
    }

    /// How many entries the chunk `value` holds, read from its header alone.
    static func count(_ value: UnsafeRawBufferPointer) throws(BinaryReaderError) -> Int {
        var reader = BinaryReader(Array(value.prefix(11)))
        return try header(&reader)
    }

    /// The entries of the chunk stored under `key`, in journal order.
    static func decode(key: [UInt8], value: [UInt8]) throws(BinaryReaderError) -> [LedgerRecord] {
        guard key.count == keySize else { throw BinaryReaderError(offset: 0, reason: "a ledger chunk key has \(keySize) bytes, not \(key.count)") }
        let playerId = key[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        var lsn = key[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        var reader = BinaryReader(value)
        let count = try header(&reader)
        var entries: [LedgerRecord] = []
        entries.reserveCapacity(min(count, value.count))
        var at: Int64 = 0
        for _ in 0..<count {
            let (next, overflow) = lsn.addingReportingOverflow(try reader.readVarint())
            guard !overflow else { throw BinaryReaderError(offset: reader.offset, reason: "an LSN past 2^64") }
            lsn = next
            guard let index = UInt16(exactly: try reader.readVarint()) else { throw BinaryReaderError(offset: reader.offset, reason: "an entry index past 65535") }
            at = at &+ (try reader.readSignedVarint())
            let currencyOffset = reader.offset
            let currencyCode: UInt8 = try reader.read()
            guard let currency = Currency(rawValue: currencyCode) else {
                throw BinaryReaderError(offset: currencyOffset, reason: "unknown currency \(currencyCode)")
            }
            entries.append(LedgerRecord(
                playerId: playerId, lsn: lsn, index: index, at: at, currency: currency, delta: try reader.readSignedVarint(),
                balanceAfter: try reader.readSignedVarint(), reason: try reader.readString(), correlationId: try reader.readString()
            ))
        }
        guard reader.remaining == 0 else { throw BinaryReaderError(offset: reader.offset, reason: "\(reader.remaining) bytes after the last entry") }
        return entries
    }

    /// Reads the format byte and the entry count.
    private static func header(_ reader: inout BinaryReader) throws(BinaryReaderError) -> Int {
        let format: UInt8 = try reader.read()
        guard format == Self.format else { throw BinaryReaderError(offset: 0, reason: "unknown ledger chunk format \(format)") }
        guard let count = Int(exactly: try reader.readVarint()), count > 0 else { throw BinaryReaderError(offset: 1, reason: "a ledger chunk holds at least one entry") }
        return count
    }
}
