@testable import EspritStorage
import EspritTestSupport
import Testing

@Suite struct LMDBEnvironmentTests {
    /// A write transaction that does not fit the map: LMDB answers MDB_MAP_FULL, the transaction
    /// is aborted, the map doubled and the whole body run again, until it fits.
    /// A transaction committed without the meta page's sync leaves the next ones synced in
    /// full, however it ends: a checkpoint's own transaction must never lose its durability to
    /// the ledger transactions before it.
    @Test func skippingTheMetaSyncLastsOneTransaction() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let environment = try LMDBEnvironment(path: folder.path, mapSize: 64 << 10, databaseNames: ["values"])
        #expect(!environment.defersMetaSync)
        try environment.write(syncingMeta: false) { transaction throws(LMDBError) in
            #expect(environment.defersMetaSync)
            try environment.put([1], [1], in: environment.database("values"), transaction: transaction)
        }
        #expect(!environment.defersMetaSync)
        #expect(throws: LMDBError.self) {
            try environment.write(syncingMeta: false) { _ throws(LMDBError) in
                throw LMDBError(operation: "test", path: folder.path, code: -1)
            }
        }
        #expect(!environment.defersMetaSync)
        #expect(try environment.read { transaction throws(LMDBError) in try environment.get([1], in: environment.database("values"), transaction: transaction) } == [1])
    }

    @Test func aFullMapIsGrownAndTheTransactionRetried() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let environment = try LMDBEnvironment(path: folder.path, mapSize: 64 << 10, databaseNames: ["values"])
        var attempts = 0
        try environment.write { transaction throws(LMDBError) in
            attempts += 1
            for key in 0..<2_000 as Range<UInt32> {
                try environment.put(withUnsafeBytes(of: key.bigEndian, Array.init), Array(repeating: UInt8(key % 251), count: 200), in: environment.database("values"), transaction: transaction)
            }
        }
        #expect(attempts > 1, "the first attempt hit the full map")
        #expect(environment.mapSize > 64 << 10)
        let count = try environment.read { transaction throws(LMDBError) in
            var count = 0
            try environment.forEach(in: environment.database("values"), transaction: transaction) { _, value in
                #expect(value.count == 200)
                count += 1
            }
            return count
        }
        #expect(count == 2_000)
    }
}
