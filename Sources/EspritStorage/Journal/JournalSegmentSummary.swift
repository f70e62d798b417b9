import Logging

/// One journal segment as `esprit-server inspect` shows it.
public struct JournalSegmentSummary: Equatable, Sendable {
    public var name: String
    public var firstLSN: UInt64
    /// The last record's LSN; nil for a segment that holds no record yet.
    public var lastLSN: UInt64?
    public var bytes: Int

    /// The segments of the journal in `directory`, oldest first, without changing anything.
    ///
    /// A segment ends where the next begins; the last one is read to find its last record.
    public static func list(directory: String, logger: Logger) throws -> [JournalSegmentSummary] {
        let firsts = try SystemFile.listDirectory(directory).compactMap(JournalFormat.firstLSN(ofSegmentNamed:)).sorted()
        var summaries: [JournalSegmentSummary] = []
        for (index, first) in firsts.enumerated() {
            let name = JournalFormat.segmentName(firstLSN: first)
            let bytes = try SystemFile.size(of: directory + "/" + name)
            var last: UInt64? = index + 1 < firsts.count ? firsts[index + 1] - 1 : nil
            if index + 1 == firsts.count {
                try Journal.scan(directory: directory, after: first - 1, through: .max, logger: logger) { lsn, _ in last = lsn }
            }
            summaries.append(JournalSegmentSummary(name: name, firstLSN: first, lastLSN: last.flatMap { $0 >= first ? $0 : nil }, bytes: bytes))
        }
        return summaries
    }
}
