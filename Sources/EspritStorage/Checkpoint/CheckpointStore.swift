import EspritGame
import Synchronization

/// The LMDB checkpoint (DESIGN.md, "LMDB is the checkpoint, not the hot path"): every player as
/// of one journal LSN, written in one transaction together with that LSN, so a crash leaves
/// either the old checkpoint or the new one, never a mix.
///
/// Databases: `players` (u64 big-endian id → ``PlayerCodec`` bytes, so keys sort by id) and
/// `meta` (`checkpoint_lsn` → u64 little-endian).
///
/// One operation at a time: growing the map needs no transaction open in the process.
public final class CheckpointStore: Sendable {
    private let lockedEnvironment: Mutex<LMDBEnvironment>
    private static let checkpointKey = Array("checkpoint_lsn".utf8)

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
            lockedEnvironment = Mutex(try LMDBEnvironment(path: directory, mapSize: mapSize, databaseNames: ["players", "meta"]))
        } catch {
            throw CheckpointError(message: "\(error)")
        }
    }

    /// The map size now (it grows when a checkpoint needs more).
    public var mapSize: Int { lockedEnvironment.withLock { $0.mapSize } }

    /// The checkpoint: its LSN (0 when none was written) and every player in it.
    public func load() throws(CheckpointError) -> (lsn: UInt64, players: [PlayerState]) {
        let stored: (lsn: UInt64, players: [[UInt8]])
        do throws(LMDBError) {
            stored = try lockedEnvironment.withLock { (environment) throws(LMDBError) in try Self.read(from: environment) }
        } catch {
            throw CheckpointError(message: "\(error)")
        }
        var players: [PlayerState] = []
        players.reserveCapacity(stored.players.count)
        for (index, bytes) in stored.players.enumerated() {
            do throws(EventCodecError) {
                players.append(try PlayerCodec.decode(bytes))
            } catch {
                throw CheckpointError(message: "player \(index) of the checkpoint does not decode: offset \(error.offset): \(error.reason)")
            }
        }
        return (stored.lsn, players)
    }

    private static func read(from environment: LMDBEnvironment) throws(LMDBError) -> (lsn: UInt64, players: [[UInt8]]) {
        try environment.read { (transaction) throws(LMDBError) in
            let lsnBytes = try environment.get(checkpointKey, in: environment.database("meta"), transaction: transaction)
            var players: [[UInt8]] = []
            try environment.forEach(in: environment.database("players"), transaction: transaction) { _, value in
                players.append(value)
            }
            return (lsnBytes.map { UInt64(littleEndian: $0.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) } ?? 0, players)
        }
    }

    /// Writes `players` (new or changed since the last checkpoint) and `lsn`, in one transaction.
    public func write(players: [PlayerState], lsn: UInt64) throws(CheckpointError) {
        do throws(LMDBError) {
            try lockedEnvironment.withLock { (environment) throws(LMDBError) in try Self.write(players, lsn: lsn, to: environment) }
        } catch {
            throw CheckpointError(message: "\(error)")
        }
    }

    private static func write(_ players: [PlayerState], lsn: UInt64, to environment: LMDBEnvironment) throws(LMDBError) {
        try environment.write { (transaction) throws(LMDBError) in
            let database = environment.database("players")
            for player in players {
                try environment.put(withUnsafeBytes(of: player.id.bigEndian, Array.init), PlayerCodec.encode(player), in: database, transaction: transaction)
            }
            try environment.put(checkpointKey, withUnsafeBytes(of: lsn.littleEndian, Array.init), in: environment.database("meta"), transaction: transaction)
        }
    }
}

/// Why the checkpoint could not be read or written.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public var description: String { "checkpoint: \(message)" }
}
