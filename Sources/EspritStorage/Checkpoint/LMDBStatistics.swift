/// What `mdb_stat` reports for one database: page size, B-tree depth, page counts, entries.
public struct LMDBStatistics: Equatable, Sendable {
    public var pageSize: Int
    public var depth: Int
    public var branchPages: Int
    public var leafPages: Int
    public var overflowPages: Int
    public var entries: Int
}
