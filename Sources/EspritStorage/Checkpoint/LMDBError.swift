import CLMDB

/// An LMDB call that failed: the call, the database path and LMDB's own message.
public struct LMDBError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    public var description: String {
        "\(operation) \(path): \(String(cString: mdb_strerror(code))) (\(code))"
    }

    /// Whether the map is full: the write transaction must be aborted, the map grown, the
    /// transaction retried.
    var isMapFull: Bool { code == MDB_MAP_FULL }
}
