import EspritGame
import Foundation

/// The LMDB checkpoint (DESIGN.md, "LMDB is the checkpoint, not the hot path"): players, each with
/// the LSN it reflects, the ledger entries moved out of the journal, and the checkpoint LSN. The
/// players and the LSN are written in one transaction, after the ledger entries it covers, so
/// a crash leaves either the old checkpoint or the new one.
///
/// Databases (readable with `mdb_dump -s NAME`):
/// - `players`: u64 big-endian id → u64 little-endian player LSN, then ``PlayerCodec`` bytes.
/// - `keys`: u64 big-endian id → the player's idempotency keys as of the same LSN
///   (``RetainedKeysCodec``); absent for a player without keys. Written in the players'
///   transaction. A data directory written before keys has none.
/// - `ledger`: one player's entries from one transaction, under ``LedgerChunk`` keys (player,
///   first LSN; big-endian) → the chunk. A data directory written before chunks also holds
///   single entries under ``LedgerRecord`` keys (player, LSN, index) → the entry; both kinds
///   sort by player, then LSN, and are read together.
/// - `meta`: `checkpoint_lsn` → u64 little-endian. Every journal record up to it is reflected
///   here, so segments holding only such records may be deleted. `highest_lsn` → u64
///   little-endian: the highest LSN any player here reflects; the journal never numbers a
///   record at or below it again, even if it lost the records up to it. `ledger_ahead_lsn` →
///   u64 little-endian: the highest LSN of the ledger entries a checkpoint wrote ahead of its
///   own transaction (``writeLedgerAhead(_:)``).
///
/// A checkpoint writes its ledger entries in transactions of their own before the one that
/// moves `checkpoint_lsn`: one transaction of a million entries made LMDB write and sync about
/// 140 MB at once, and every journal sync behind it waited (bench/RESULTS.md). Entries above
/// `checkpoint_lsn` are not part of the checkpoint yet: readers skip them, and
/// ``discardLedgerAhead()`` removes them before the next checkpoint writes its own (its chunks
/// may be cut at other LSNs) and at start-up, when the journal records they came from may be
/// gone.
///
/// One operation at a time: growing the map needs no transaction open in the process.
public final class CheckpointStore: @unchecked Sendable {
    // @unchecked: `environment` is only touched inside `withEnvironment`, under `lock`.
    private let environment: LMDBEnvironment
    private let lock = NSLock()
    private static let checkpointKey = Array("checkpoint_lsn".utf8)
    private static let highestKey = Array("highest_lsn".utf8)
    private static let ledgerAheadKey = Array("ledger_ahead_lsn".utf8)
    static let databaseNames = ["players", "ledger", "meta", "keys"]

    /// Opens or creates the environment in `directory`.
    ///
    /// - Parameter mapSize: the initial map size; a full map is grown as needed.
    public init(directory: String, mapSize: Int = 64 << 20) throws(CheckpointError) {
        do throws(SystemError) {
            try SystemFile.createDirectory(directory)
        } catch {
            throw CheckpointError(message: "\(error)")
        }
        do throws(LMDBError) {
            environment = try LMDBEnvironment(path: directory, mapSize: mapSize, databaseNames: Self.databaseNames)
        } catch {
            throw CheckpointError(message: "\(error)")
        }
    }

    /// The map size now (it grows when a checkpoint needs more).
    public var mapSize: Int {
        lock.lock()
        defer { lock.unlock() }
        return environment.mapSize
    }

    /// The checkpoint: its LSN (0 when none was written), the highest LSN a player in it
    /// reflects, and every player in it, by id.
    public func load() throws(CheckpointError) -> (lsn: UInt64, highestLSN: UInt64, players: [CheckpointedPlayer]) {
        let stored: (lsn: UInt64, highestLSN: UInt64, players: [[UInt8]], keys: [[UInt8]: [UInt8]]) = try withEnvironment { environment throws(LMDBError) in
            try environment.read { (transaction) throws(LMDBError) in
                var players: [[UInt8]] = []
                try environment.forEach(in: environment.database("players"), transaction: transaction) { _, value in
                    players.append(value)
                }
                var keys: [[UInt8]: [UInt8]] = [:]
                try environment.forEach(in: environment.database("keys"), transaction: transaction) { id, value in
                    keys[id] = value
                }
                return (try Self.checkpointLSN(environment, transaction), try Self.number(Self.highestKey, environment, transaction), players, keys)
            }
        }
        var players: [CheckpointedPlayer] = []
        players.reserveCapacity(stored.players.count)
        for (index, bytes) in stored.players.enumerated() {
            do throws(EventCodecError) {
                guard bytes.count > 8 else { throw EventCodecError(offset: bytes.count, reason: "a checkpointed player needs its LSN and state") }
                let lsn = UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
                let state = try PlayerCodec.decode(Array(bytes[8...]))
                let keys = try stored.keys[Self.key(of: state.id)].map(RetainedKeysCodec.decode) ?? RetainedKeys()
                players.append(CheckpointedPlayer(state: state, lsn: lsn, keys: keys))
            } catch {
                throw CheckpointError(message: "player \(index) of the checkpoint does not decode: offset \(error.offset): \(error.reason)")
            }
        }
        return (stored.lsn, max(stored.lsn, stored.highestLSN), players)
    }

    /// Writes `players` (new or changed since the last checkpoint), `lsn`, and the highest LSN
    /// any player reflects, in one transaction. The ledger entries of the records up to `lsn`
    /// must have been written before (``writeLedgerAhead(_:)``): this makes them part of the
    /// checkpoint.
    public func write(players: [CheckpointedPlayer], lsn: UInt64) throws(CheckpointError) {
        let highest = players.map(\.lsn).max() ?? 0
        var encodedPlayers: [(key: [UInt8], value: [UInt8], keys: [UInt8]?)] = []
        encodedPlayers.reserveCapacity(players.count)
        for player in players {
            var value: [UInt8] = []
            value.appendLittleEndian(player.lsn)
            value += PlayerCodec.encode(player.state)
            let keys = player.keys.isEmpty ? nil : RetainedKeysCodec.encode(player.keys)
            encodedPlayers.append((Self.key(of: player.state.id), value, keys))
        }
        let newBytes = encodedPlayers.reduce(0) { $0 + 2 * $1.key.count + $1.value.count + ($1.keys?.count ?? 0) }
        try withEnvironment { environment throws(LMDBError) in
            try environment.reserve(forWriting: newBytes)
            try environment.write { (transaction) throws(LMDBError) in
                let playersDatabase = environment.database("players")
                let keysDatabase = environment.database("keys")
                for (key, value, keys) in encodedPlayers {
                    try environment.put(key, value, in: playersDatabase, transaction: transaction)
                    if let keys {
                        try environment.put(key, keys, in: keysDatabase, transaction: transaction)
                    } else {
                        try environment.remove(key, in: keysDatabase, transaction: transaction)
                    }
                }
                try Self.putNumber(lsn, Self.checkpointKey, environment, transaction)
                let newHighest = max(highest, lsn, try Self.number(Self.highestKey, environment, transaction))
                try Self.putNumber(newHighest, Self.highestKey, environment, transaction)
            }
        }
    }

    /// Writes ledger entries of records above the checkpoint LSN (in journal order), in one
    /// transaction of their own, ahead of the checkpoint that will cover them: one
    /// ``LedgerChunk`` per player. Until the checkpoint covers them, they are invisible to
    /// ``ledger(playerId:limit:)``; entries written ahead of a checkpoint that never committed
    /// must be discarded (``discardLedgerAhead(batch:)``) before they are written again.
    public func writeLedgerAhead(_ records: [LedgerRecord]) throws(CheckpointError) {
        guard let newest = records.map(\.lsn).max() else { return }
        var positionsByPlayer: [UInt64: [Int]] = [:]
        for (position, record) in records.enumerated() {
            positionsByPlayer[record.playerId, default: []].append(position)
        }
        try withEnvironment { environment throws(LMDBError) in
            try environment.reserve(forWriting: records.count * 80 + positionsByPlayer.count * 64)
            // Not durable on its own: the checkpoint's own transaction, synced in full, makes
            // it so, and until then a crash that undoes it loses nothing the journal lacks.
            try environment.write(syncingMeta: false) { (transaction) throws(LMDBError) in
                let ledgerDatabase = environment.database("ledger")
                var value: [UInt8] = []
                // In key order: LMDB fills its pages best when keys arrive sorted.
                for (playerId, positions) in positionsByPlayer.sorted(by: { $0.key < $1.key }) {
                    value.removeAll(keepingCapacity: true)
                    LedgerChunk.encode(positions.lazy.map { records[$0] }, into: &value)
                    try environment.put(LedgerChunk.key(playerId: playerId, firstLSN: records[positions[0]].lsn), value, in: ledgerDatabase, transaction: transaction)
                }
                let ahead = max(newest, try Self.number(Self.ledgerAheadKey, environment, transaction))
                try Self.putNumber(ahead, Self.ledgerAheadKey, environment, transaction)
            }
        }
    }

    /// Deletes the ledger entries written ahead of a checkpoint that never committed: at
    /// start-up the journal records they came from may be gone (`--force-recovery`, a restore),
    /// and LSNs above the checkpoint may be given to other records; before a checkpoint writes
    /// its own, they would repeat some of them. Reads the whole ledger only when such entries
    /// exist (after a stop or a failure in the middle of a checkpoint), and deletes them in
    /// transactions of `batch` keys: a checkpoint's entries are spread over every player's
    /// keys, and one transaction would rewrite most of the ledger's pages at once.
    ///
    /// - Returns: how many keys (chunks, or single entries of an older version) were deleted.
    public func discardLedgerAhead(batch: Int = 50_000) throws(CheckpointError) -> Int {
        let batch = max(batch, 1)
        return try withEnvironment { environment throws(LMDBError) in
            var total = 0
            var resumeAt: [UInt8]?
            repeat {
                var deleted = 0
                let start = resumeAt
                try environment.write { (transaction) throws(LMDBError) in
                    let checkpoint = try Self.checkpointLSN(environment, transaction)
                    deleted = 0
                    resumeAt = nil
                    guard try Self.number(Self.ledgerAheadKey, environment, transaction) > checkpoint else { return }
                    (deleted, resumeAt) = try environment.delete(in: environment.database("ledger"), transaction: transaction, from: start, limit: batch) { key in
                        Self.ledgerLSN(ofKey: key) > checkpoint
                    }
                    // Until the last batch, a stop leaves the marker for the next start to go on.
                    if resumeAt == nil {
                        try Self.putNumber(checkpoint, Self.ledgerAheadKey, environment, transaction)
                    }
                }
                total += deleted
            } while resumeAt != nil
            return total
        }
    }

    /// A player's newest ledger entries (at most `limit`, newest first) and the checkpoint LSN
    /// they are complete up to, read in one transaction.
    public func ledger(playerId: UInt64, limit: Int) throws(CheckpointError) -> (records: [LedgerRecord], lsn: UInt64) {
        let raw: (entries: [([UInt8], [UInt8])], lsn: UInt64) = try withEnvironment { environment throws(LMDBError) in
            try environment.read { (transaction) throws(LMDBError) in
                var entries: [([UInt8], [UInt8])] = []
                var count = 0
                let checkpoint = try Self.checkpointLSN(environment, transaction)
                if limit > 0 {
                    let prefix = Self.key(of: playerId)
                    let limitKey = LedgerRecord.key(playerId: playerId, lsn: .max, index: .max)
                    try environment.forEachBackward(in: environment.database("ledger"), transaction: transaction, below: limitKey) { key, value in
                        guard key.starts(with: prefix), key != limitKey else { return false }
                        // Written ahead of a checkpoint that does not cover it yet: the journal
                        // still holds it.
                        guard key.withUnsafeBytes({ Self.ledgerLSN(ofKey: $0) }) <= checkpoint else { return true }
                        entries.append((key, value))
                        // A chunk that does not decode counts as one entry here and fails below.
                        count += key.count == LedgerChunk.keySize ? ((try? value.withUnsafeBytes { try LedgerChunk.count($0) }) ?? 1) : 1
                        return count < limit
                    }
                }
                return (entries, checkpoint)
            }
        }
        var records: [LedgerRecord] = []
        for (key, value) in raw.entries {
            do throws(BinaryReaderError) {
                if key.count == LedgerChunk.keySize {
                    records += try LedgerChunk.decode(key: key, value: value).reversed()
                } else {
                    records.append(try LedgerRecord(key: key, value: value))
                }
            } catch {
                throw CheckpointError(message: "a ledger entry of player \(playerId) does not decode: offset \(error.offset): \(error.reason)")
            }
        }
        return (Array(records.prefix(limit)), raw.lsn)
    }

    /// The LSN in a `ledger` key of either kind (bytes 8..<16, big-endian: the chunk's first
    /// entry, or the single entry); 0 for a key of another length.
    static func ledgerLSN(ofKey key: UnsafeRawBufferPointer) -> UInt64 {
        guard key.count == LedgerChunk.keySize || key.count == LedgerRecord.keySize else { return 0 }
        return UInt64(bigEndian: key.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    /// The checkpoint LSN and LMDB's statistics for the environment and each database.
    public func statistics() throws(CheckpointError) -> CheckpointStatistics {
        try withEnvironment { environment throws(LMDBError) in
            let info = try environment.information()
            return try environment.read { (transaction) throws(LMDBError) in
                var databases: [(name: String, statistics: LMDBStatistics)] = []
                for name in Self.databaseNames {
                    databases.append((name, try environment.statistics(of: environment.database(name), transaction: transaction)))
                }
                return CheckpointStatistics(
                    lsn: try Self.checkpointLSN(environment, transaction), mapSize: info.mapSize, lastPage: info.lastPage,
                    lastTransaction: info.lastTransaction, databases: databases
                )
            }
        }
    }

    /// Writes a compacted copy of the checkpoint into `directory` (created, and must be empty),
    /// as of one read transaction, while the server goes on.
    public func copyCompacted(to directory: String) throws(CheckpointError) {
        let existing: [String]
        do throws(SystemError) {
            try SystemFile.createDirectory(directory)
            existing = try SystemFile.listDirectory(directory)
        } catch {
            throw CheckpointError(message: "\(error)")
        }
        guard existing.isEmpty else { throw CheckpointError(message: "\(directory) is not empty") }
        try withEnvironment { environment throws(LMDBError) in try environment.copyCompacted(to: directory) }
    }

    private func withEnvironment<T>(_ body: (LMDBEnvironment) throws(LMDBError) -> T) throws(CheckpointError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do throws(LMDBError) {
            return try body(environment)
        } catch {
            throw CheckpointError(message: "\(error)")
        }
    }

    /// A player's key in `players` and `keys`, and the prefix of its keys in `ledger`: its id,
    /// big-endian, so that keys sort by id.
    private static func key(of playerId: UInt64) -> [UInt8] {
        withUnsafeBytes(of: playerId.bigEndian, Array.init)
    }

    private static func checkpointLSN(_ environment: LMDBEnvironment, _ transaction: OpaquePointer) throws(LMDBError) -> UInt64 {
        try number(checkpointKey, environment, transaction)
    }

    /// A u64 of `meta`; 0 when absent.
    private static func number(_ key: [UInt8], _ environment: LMDBEnvironment, _ transaction: OpaquePointer) throws(LMDBError) -> UInt64 {
        let bytes = try environment.get(key, in: environment.database("meta"), transaction: transaction)
        return bytes.map { UInt64(littleEndian: $0.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) } ?? 0
    }

    /// Stores a u64 under `key` in `meta`, as ``number(_:_:_:)`` reads it.
    private static func putNumber(_ value: UInt64, _ key: [UInt8], _ environment: LMDBEnvironment, _ transaction: OpaquePointer) throws(LMDBError) {
        try environment.put(key, withUnsafeBytes(of: value.littleEndian, Array.init), in: environment.database("meta"), transaction: transaction)
    }
}

/// Why the checkpoint could not be read or written.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { "checkpoint: \(message)" }
}
