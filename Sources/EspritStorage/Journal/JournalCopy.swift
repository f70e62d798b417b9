/// Copies the journal segments a backup needs: those holding any record after the backup's
/// checkpoint. The newest segment may be in the middle of a write; its copy then ends in a torn
/// batch, which start-up truncates like after a crash (none of it was acknowledged yet).
public enum JournalCopy {
    /// - Returns: how many segments were copied and their bytes.
    public static func copySegments(from source: String, to destination: String, after checkpointLSN: UInt64) throws -> (segments: Int, bytes: Int) {
        try SystemFile.createDirectory(destination)
        let firsts = try SystemFile.listDirectory(source).compactMap(JournalFormat.firstLSN(ofSegmentNamed:)).sorted()
        var copied = (segments: 0, bytes: 0)
        for (index, first) in firsts.enumerated() {
            let isLast = index + 1 == firsts.count
            if !isLast && firsts[index + 1] <= checkpointLSN + 1 { continue }
            let name = JournalFormat.segmentName(firstLSN: first)
            let bytes = try SystemFile.readAll(source + "/" + name)
            try SystemFile.writeReplacing(destination + "/" + name, with: bytes, temporarySuffix: JournalFormat.temporarySuffix)
            copied.segments += 1
            copied.bytes += bytes.count
        }
        try SystemFile.syncDirectory(destination)
        return copied
    }
}
