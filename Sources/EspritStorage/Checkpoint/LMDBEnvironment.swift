import CLMDB

/// One LMDB environment (a folder with `data.mdb` and `lock.mdb`) and its named databases.
///
/// Write transactions that hit `MDB_MAP_FULL` are aborted, the map is doubled, and the whole
/// transaction is run again from the start: the body must therefore be safe to repeat, which a
/// checkpoint (write these values) is.
final class LMDBEnvironment {
    let path: String
    private let environment: OpaquePointer
    private(set) var mapSize: Int
    private var databases: [String: MDB_dbi] = [:]

    /// Opens (creating if needed) the environment in the folder `path`.
    init(path: String, mapSize: Int, databaseNames: [String]) throws(LMDBError) {
        self.path = path
        self.mapSize = mapSize
        var created: OpaquePointer?
        try Self.check(mdb_env_create(&created), "mdb_env_create", path)
        environment = created!
        do throws(LMDBError) {
            try Self.check(mdb_env_set_maxdbs(environment, MDB_dbi(databaseNames.count)), "mdb_env_set_maxdbs", path)
            try Self.check(mdb_env_set_mapsize(environment, mapSize), "mdb_env_set_mapsize", path)
            try Self.check(mdb_env_open(environment, path, 0, 0o644), "mdb_env_open", path)
            try write { transaction throws(LMDBError) in
                for name in databaseNames {
                    var database: MDB_dbi = 0
                    try Self.check(mdb_dbi_open(transaction, name, UInt32(MDB_CREATE), &database), "mdb_dbi_open \(name)", path)
                    databases[name] = database
                }
            }
        } catch {
            mdb_env_close(environment)
            throw error
        }
    }

    deinit {
        mdb_env_close(environment)
    }

    /// Runs `body` in a write transaction and commits it, growing the map and retrying on
    /// `MDB_MAP_FULL`.
    ///
    /// - Parameter syncingMeta: false commits with `MDB_NOMETASYNC`: LMDB syncs the
    ///   transaction's pages, then writes its meta page without a second sync, which the next
    ///   synced commit (or the system) makes durable. A crash may undo that transaction, never
    ///   corrupt the environment: for transactions that need not be durable on their own, at
    ///   one device flush instead of two.
    func write(syncingMeta: Bool = true, _ body: (OpaquePointer) throws(LMDBError) -> Void) throws(LMDBError) {
        if !syncingMeta {
            try Self.check(mdb_env_set_flags(environment, UInt32(MDB_NOMETASYNC), 1), "mdb_env_set_flags", path)
        }
        defer {
            if !syncingMeta { mdb_env_set_flags(environment, UInt32(MDB_NOMETASYNC), 0) }
        }
        while true {
            var transaction: OpaquePointer?
            try Self.check(mdb_txn_begin(environment, nil, 0, &transaction), "mdb_txn_begin", path)
            do throws(LMDBError) {
                try body(transaction!)
            } catch {
                mdb_txn_abort(transaction)
                guard error.isMapFull else { throw error }
                try grow()
                continue
            }
            // A commit frees the transaction whether it succeeds or fails: no abort after it.
            let code = mdb_txn_commit(transaction)
            if code == MDB_MAP_FULL {
                try grow()
                continue
            }
            try Self.check(code, "mdb_txn_commit", path)
            return
        }
    }

    /// Whether commits skip the meta page's sync now: only inside a `write(syncingMeta: false)`.
    var defersMetaSync: Bool {
        var flags: UInt32 = 0
        mdb_env_get_flags(environment, &flags)
        return flags & UInt32(MDB_NOMETASYNC) != 0
    }

    /// Runs `body` in a read-only transaction.
    func read<T>(_ body: (OpaquePointer) throws(LMDBError) -> T) throws(LMDBError) -> T {
        var transaction: OpaquePointer?
        try Self.check(mdb_txn_begin(environment, nil, UInt32(MDB_RDONLY), &transaction), "mdb_txn_begin", path)
        defer { mdb_txn_abort(transaction) }
        return try body(transaction!)
    }

    func database(_ name: String) -> MDB_dbi {
        guard let database = databases[name] else { preconditionFailure("database \(name) was not opened") }
        return database
    }

    /// Stores `value` under `key`. LMDB copies both into its pages and never writes through the
    /// pointers it is given (`MDB_val` is not const in C only), so the arrays are lent, not
    /// copied: a checkpoint puts millions of ledger entries from two reused buffers.
    func put(_ key: [UInt8], _ value: [UInt8], in database: MDB_dbi, transaction: OpaquePointer) throws(LMDBError) {
        let code = key.withUnsafeBytes { keyBytes in
            value.withUnsafeBytes { valueBytes in
                var keyValue = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
                var dataValue = MDB_val(mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                return mdb_put(transaction, database, &keyValue, &dataValue, 0)
            }
        }
        try Self.check(code, "mdb_put", path)
    }

    func get(_ key: [UInt8], in database: MDB_dbi, transaction: OpaquePointer) throws(LMDBError) -> [UInt8]? {
        var key = key
        var dataValue = MDB_val()
        let code = key.withUnsafeMutableBytes { keyBytes in
            var keyValue = MDB_val(mv_size: keyBytes.count, mv_data: keyBytes.baseAddress)
            return mdb_get(transaction, database, &keyValue, &dataValue)
        }
        if code == MDB_NOTFOUND { return nil }
        try Self.check(code, "mdb_get", path)
        return Array(UnsafeRawBufferPointer(start: dataValue.mv_data, count: dataValue.mv_size))
    }

    /// Deletes the entry under `key`, if there is one.
    func remove(_ key: [UInt8], in database: MDB_dbi, transaction: OpaquePointer) throws(LMDBError) {
        var key = key
        let code = key.withUnsafeMutableBytes { keyBytes in
            var keyValue = MDB_val(mv_size: keyBytes.count, mv_data: keyBytes.baseAddress)
            return mdb_del(transaction, database, &keyValue, nil)
        }
        if code == MDB_NOTFOUND { return }
        try Self.check(code, "mdb_del", path)
    }

    /// Calls `visit` with every key and value of `database`, in key order.
    func forEach(in database: MDB_dbi, transaction: OpaquePointer, _ visit: ([UInt8], [UInt8]) throws(LMDBError) -> Void) throws(LMDBError) {
        var cursor: OpaquePointer?
        try Self.check(mdb_cursor_open(transaction, database, &cursor), "mdb_cursor_open", path)
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        var code = mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
        while code == 0 {
            try visit(
                Array(UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size)),
                Array(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
            )
            code = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)
        }
        guard code == MDB_NOTFOUND else { throw LMDBError(operation: "mdb_cursor_get", path: path, code: code) }
    }

    /// Deletes the entries of `database` whose key `shouldDelete` picks, in key order from
    /// `start` (the first key when nil), at most `limit` of them in this transaction, so that
    /// a large deletion can be cut into transactions LMDB writes and syncs a little at a time.
    ///
    /// - Returns: how many were deleted, and the key to go on from in the next transaction
    ///   (nil once the end of the database was reached).
    func delete(
        in database: MDB_dbi, transaction: OpaquePointer, from start: [UInt8]?, limit: Int, where shouldDelete: (UnsafeRawBufferPointer) -> Bool
    ) throws(LMDBError) -> (deleted: Int, resumeAt: [UInt8]?) {
        var cursor: OpaquePointer?
        try Self.check(mdb_cursor_open(transaction, database, &cursor), "mdb_cursor_open", path)
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        var code: Int32
        if let start {
            code = start.withUnsafeBytes { bytes in
                key = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                return mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE)
            }
        } else {
            code = mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
        }
        var deleted = 0
        while code == 0 {
            if deleted == limit {
                return (deleted, Array(UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size)))
            }
            if shouldDelete(UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size)) {
                try Self.check(mdb_cursor_del(cursor, 0), "mdb_cursor_del", path)
                deleted += 1
            }
            // After a delete the cursor stands on the next entry, and MDB_NEXT returns it
            // without moving on (LMDB marks the cursor deleted for exactly this).
            code = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)
        }
        guard code == MDB_NOTFOUND else { throw LMDBError(operation: "mdb_cursor_get", path: path, code: code) }
        return (deleted, nil)
    }

    /// Calls `visit` with the keys and values of `database` from the last key below `limit`
    /// downwards, until it returns false or the database begins.
    func forEachBackward(
        in database: MDB_dbi, transaction: OpaquePointer, below limit: [UInt8], _ visit: ([UInt8], [UInt8]) throws(LMDBError) -> Bool
    ) throws(LMDBError) {
        var cursor: OpaquePointer?
        try Self.check(mdb_cursor_open(transaction, database, &cursor), "mdb_cursor_open", path)
        defer { mdb_cursor_close(cursor) }
        var limit = limit
        var key = MDB_val()
        var value = MDB_val()
        var code = limit.withUnsafeMutableBytes { bytes in
            key = MDB_val(mv_size: bytes.count, mv_data: bytes.baseAddress)
            return mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE)
        }
        code = code == MDB_NOTFOUND ? mdb_cursor_get(cursor, &key, &value, MDB_LAST) : mdb_cursor_get(cursor, &key, &value, MDB_PREV)
        while code == 0 {
            let keep = try visit(
                Array(UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size)),
                Array(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
            )
            guard keep else { return }
            code = mdb_cursor_get(cursor, &key, &value, MDB_PREV)
        }
        guard code == MDB_NOTFOUND else { throw LMDBError(operation: "mdb_cursor_get", path: path, code: code) }
    }

    /// LMDB's own statistics for `database` (B-tree depth, pages, entries), as `mdb_stat` shows them.
    func statistics(of database: MDB_dbi, transaction: OpaquePointer) throws(LMDBError) -> LMDBStatistics {
        var stat = MDB_stat()
        try Self.check(mdb_stat(transaction, database, &stat), "mdb_stat", path)
        return LMDBStatistics(
            pageSize: Int(stat.ms_psize), depth: Int(stat.ms_depth), branchPages: stat.ms_branch_pages,
            leafPages: stat.ms_leaf_pages, overflowPages: stat.ms_overflow_pages, entries: stat.ms_entries
        )
    }

    /// The environment's map size in use, last page and last transaction id.
    func information() throws(LMDBError) -> (mapSize: Int, lastPage: Int, lastTransaction: Int) {
        var info = MDB_envinfo()
        try Self.check(mdb_env_info(environment, &info), "mdb_env_info", path)
        return (info.me_mapsize, info.me_last_pgno, info.me_last_txnid)
    }

    /// Writes a compacted copy of the environment (free pages left out) into the existing empty
    /// folder `destination`, as of one read transaction; writers go on meanwhile.
    func copyCompacted(to destination: String) throws(LMDBError) {
        try Self.check(mdb_env_copy2(environment, destination, UInt32(MDB_CP_COMPACT)), "mdb_env_copy2", destination)
    }

    /// Grows the map ahead of a write of about `bytes` new bytes (twice that, for the B-tree and
    /// copy-on-write pages), so a large checkpoint does not fill the map, abort and start over
    /// several times. No transaction may be open in this process when it is called.
    func reserve(forWriting bytes: Int) throws(LMDBError) {
        var stat = MDB_stat()
        try Self.check(mdb_env_stat(environment, &stat), "mdb_env_stat", path)
        let used = (try information().lastPage + 1) * Int(stat.ms_psize)
        let needed = used + 2 * bytes
        guard mapSize < needed else { return }
        while mapSize < needed { mapSize *= 2 }
        try Self.check(mdb_env_set_mapsize(environment, mapSize), "mdb_env_set_mapsize", path)
    }

    /// Doubles the map. No transaction may be open in this process when it is called.
    private func grow() throws(LMDBError) {
        mapSize *= 2
        try Self.check(mdb_env_set_mapsize(environment, mapSize), "mdb_env_set_mapsize", path)
    }

    private static func check(_ code: Int32, _ operation: String, _ path: String) throws(LMDBError) {
        guard code == 0 else { throw LMDBError(operation: operation, path: path, code: code) }
    }
}
