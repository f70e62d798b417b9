#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Reads every segment at start-up, hands each record to the caller in LSN order, and decides
/// what damage means (DESIGN.md, "Journal format").
///
/// Damage in the last batch of the last segment, with no valid batch after it, is a torn tail
/// only where it can be one (``isTornWrite(_:batchAt:)``): the batch is cut short, or part of it
/// reads as never written (zeros). The crash then happened while that batch was being written,
/// before it was synced, so none of its records was acknowledged; the batch is truncated with a
/// warning naming the offset. Anything else — a whole last batch with a wrong byte, damage
/// followed by a valid batch, a damaged segment header, a missing segment, an LSN gap — means
/// acknowledged data is damaged: recovery refuses, naming the segment and offset, unless the
/// operator asked for `forceRecovery`, which skips to the next valid batch, logs what it lost and
/// reports it (``Result/skippedDamage``) so that the server checkpoints past it.
struct JournalRecovery {
    var directory: String
    var forceRecovery: Bool
    var logger: Logger
    /// Reading a live journal (the ledger): nothing on disk is changed, and a last batch that
    /// looks torn — possibly one the writer is writing right now — just ends the scan.
    var readOnly = false
    /// Records up to this LSN are in the checkpoint: they are not visited, and segments holding
    /// only such records may be gone.
    var checkpointLSN: UInt64 = 0
    /// LSNs up to this were given out before: the checkpoint holds changes up to it, though the
    /// journal may have lost the records (a power loss in `write` mode). Numbering continues
    /// after it, and a gap that ends at it is accepted.
    var numberedThroughLSN: UInt64 = 0
    /// Reading a live journal: records after this LSN are neither visited nor parsed. The
    /// writer may be writing past it right now, and a read that races a write can see a batch
    /// half written (a page of zeros, then its end) followed by a whole one, which reads as
    /// damage: a checkpoint under load failed on exactly that.
    var throughLSN: UInt64 = .max

    /// Where appending continues after recovery.
    struct Result {
        /// The LSN to continue after: the last valid record's, or the checkpoint's if later.
        var lastLSN: UInt64
        /// The LSN of the last valid record in the journal itself; 0 for an empty journal.
        var journalLastLSN: UInt64
        /// The last segment and the length of its valid prefix, if any segment exists.
        var lastSegment: (firstLSN: UInt64, length: Int)?
        /// `forceRecovery` skipped damage: appending goes on in a new segment, so that a
        /// checkpoint can cover and delete the damaged ones.
        var skippedDamage = false
    }

    /// - Parameter visit: called with each record's LSN and payload, in order. The payload is a
    ///   slice of the segment's bytes (no copy per record). An error it throws stops recovery
    ///   as an undecodable payload at that record.
    func run(visit: (UInt64, ArraySlice<UInt8>) throws -> Void) throws(JournalError) -> Result {
        if !readOnly {
            do throws(SystemError) {
                try SystemFile.createDirectory(directory)
            } catch {
                throw .io(error)
            }
        }
        let segments = try listSegments()
        var expected: UInt64 = 1
        var result = Result(lastLSN: 0, journalLastLSN: 0, lastSegment: nil)
        for (index, segment) in segments.enumerated() {
            // After the LSN asked for: nothing here is needed, and the segment before may
            // hold records after it that the scan did not read, so no gap is to be reported.
            if segment > throughLSN { break }
            let name = JournalFormat.segmentName(firstLSN: segment)
            if segment != expected {
                if try reportGap(from: expected, to: segment, before: name) { result.skippedDamage = true }
                expected = segment
            }
            let isLast = index == segments.count - 1
            // Every record of this segment is in the checkpoint: nothing in it is needed.
            if !isLast && segments[index + 1] <= checkpointLSN + 1 {
                expected = segments[index + 1]
                continue
            }
            let length = try scan(segment: name, firstLSN: segment, isLast: isLast, expected: &expected, skipped: &result.skippedDamage, visit: visit)
            result.lastSegment = (segment, length)
        }
        result.journalLastLSN = expected - 1
        result.lastLSN = max(expected - 1, checkpointLSN, numberedThroughLSN)
        return result
    }

    /// Segment first-LSNs in order; stale temporary files from an interrupted rotation are removed.
    private func listSegments() throws(JournalError) -> [UInt64] {
        let names: [String]
        do throws(SystemError) {
            names = try SystemFile.listDirectory(directory)
        } catch {
            throw .io(error)
        }
        for name in names where !readOnly && name.hasSuffix(JournalFormat.temporarySuffix) {
            logger.warning("journal: removing stale temporary file", metadata: ["file": "\(name)"])
            try? SystemFile.remove(path(name))
        }
        return names.compactMap(JournalFormat.firstLSN(ofSegmentNamed:)).sorted()
    }

    /// - Returns: whether `forceRecovery` skipped lost LSNs.
    private func reportGap(from expected: UInt64, to found: UInt64, before name: String) throws(JournalError) -> Bool {
        if found > expected && found <= max(checkpointLSN, numberedThroughLSN) + 1 { return false }
        let message = found > expected
            ? "LSNs \(expected)–\(found - 1) are missing: no segment starting at LSN \(expected) precedes \(name)"
            : "segment \(name) starts at LSN \(found), which the previous segment already holds (expected \(expected))"
        guard forceRecovery, found > expected else {
            throw JournalError(kind: .missingSegment, segment: name, offset: 0, message: message)
        }
        logger.error("journal: --force-recovery skips a missing segment", metadata: ["lost": "\(expected)...\(found - 1)"])
        return true
    }

    /// Visits the valid records of one segment and returns the length of its valid prefix.
    private func scan(
        segment name: String, firstLSN: UInt64, isLast: Bool, expected: inout UInt64, skipped: inout Bool,
        visit: (UInt64, ArraySlice<UInt8>) throws -> Void
    ) throws(JournalError) -> Int {
        let bytes: [UInt8]
        do throws(SystemError) {
            bytes = try SystemFile.readAll(path(name))
        } catch {
            throw .io(error)
        }
        var offset = JournalFormat.segmentHeaderSize
        if bytes.count < JournalFormat.segmentHeaderSize || !bytes.starts(with: JournalFormat.segmentHeader(firstLSN: firstLSN)) {
            // A segment is renamed into place only once its header is synced: a bad header is
            // damage, never a torn write. Its batches carry their own checksums and LSNs, so
            // --force-recovery loses only what is unreadable.
            let message = "the header is not an Esprit journal v1 header for first LSN \(firstLSN)"
            guard forceRecovery else {
                throw JournalError(kind: .badSegmentHeader, segment: name, offset: 0, message: message)
            }
            offset = findValidBatch(bytes, after: JournalFormat.segmentHeaderSize - 1, expected: expected) ?? bytes.count
            logger.error("journal: --force-recovery skips a damaged segment header", metadata: ["segment": "\(name)", "resumesAt": "\(offset)"])
            skipped = true
        }
        // Zeros after the last batch are space the writer prepared for batches to come (no
        // batch starts with a zero byte): the segment's data ends where they begin.
        let dataEnd = (bytes.lastIndex { $0 != 0 } ?? -1) + 1
        while offset < dataEnd {
            switch parseBatch(bytes, at: offset) {
            case let .valid(batchFirstLSN, records, end):
                if batchFirstLSN != expected {
                    if try reportLSNGap(found: batchFirstLSN, expected: expected, segment: name, offset: offset) { skipped = true }
                }
                for record in records where record.lsn > checkpointLSN && record.lsn <= throughLSN {
                    do {
                        try visit(record.lsn, bytes[record.payload])
                    } catch {
                        throw JournalError(kind: .undecodablePayload, segment: name, offset: record.offset, message: "LSN \(record.lsn): \(error)")
                    }
                }
                expected = batchFirstLSN + UInt64(records.count)
                offset = end
                if expected > throughLSN { return offset }
            case let .invalid(damageOffset, reason):
                let nextValid = findValidBatch(bytes, after: offset, expected: expected)
                if isLast && nextValid == nil {
                    // A live journal's last batch may be being written right now: end the read.
                    if readOnly { return offset }
                    if Self.isTornWrite(bytes, batchAt: offset, dataEnd: dataEnd) {
                        try truncateTornTail(segment: name, at: offset, fileLength: bytes.count, reason: reason)
                        return offset
                    }
                }
                guard forceRecovery else {
                    let place = isLast && nextValid == nil ? "the last batch is whole, so it was written and may have been acknowledged: " : ""
                    throw JournalError(kind: .corruptRecord, segment: name, offset: damageOffset, message: place + reason)
                }
                logger.error(
                    "journal: --force-recovery skips a damaged batch",
                    metadata: ["segment": "\(name)", "offset": "\(damageOffset)", "reason": "\(reason)", "resumesAt": "\(nextValid ?? bytes.count)"]
                )
                skipped = true
                offset = nextValid ?? bytes.count
            }
        }
        return offset
    }

    /// Whether a damaged last batch can be a write that a crash interrupted: it is cut short
    /// (its header, or the body its header declares, runs past the end of the file, or its
    /// last sectors are the zeros that end it at `dataEnd`), its first bytes read as zeros, or
    /// a stretch of at least ``unwrittenStretch`` bytes of it within one 4 KiB page reads as
    /// zeros — a page the kernel never wrote. A whole batch with a wrong byte is none of these:
    /// it was written, maybe synced and acknowledged.
    static func isTornWrite(_ bytes: [UInt8], batchAt start: Int, dataEnd: Int) -> Bool {
        guard bytes.count - start >= JournalFormat.batchHeaderSize else { return true }
        var end = bytes.count
        let (magic, bodyLength, crc) = bytes.withUnsafeBytes { raw in
            (
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self)),
                Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4, as: UInt32.self))),
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 20, as: UInt32.self))
            )
        }
        let headerCRC = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[(start + 4)..<(start + 20)])) }
        if magic == JournalFormat.batchMagic, headerCRC == crc {
            let declaredEnd = start + JournalFormat.batchHeaderSize + bodyLength
            if declaredEnd > bytes.count { return true }
            // The batch's last sectors are the zeros prepared after it: its end never reached
            // the disk. Whole sectors only: a payload may end in a few zero bytes of its own.
            if (dataEnd + sectorSize - 1) / sectorSize * sectorSize < declaredEnd { return true }
            end = declaredEnd
        }
        var pageStart = start
        while pageStart < end {
            let pageEnd = min((pageStart / pageSize + 1) * pageSize, end)
            let unwritten = bytes[pageStart..<pageEnd].allSatisfy { $0 == 0 }
            if unwritten && (pageStart == start || pageEnd - pageStart >= unwrittenStretch) { return true }
            pageStart = pageEnd
        }
        return false
    }

    static let pageSize = 4_096
    /// The unit a disk writes whole, or not at all.
    static let sectorSize = 512
    /// Zeros this long inside one page are taken for an unwritten page, not for data: no record
    /// the server writes holds 512 zero bytes in a row.
    static let unwrittenStretch = 512

    /// - Returns: whether `forceRecovery` accepted lost LSNs.
    private func reportLSNGap(found: UInt64, expected: UInt64, segment: String, offset: Int) throws(JournalError) -> Bool {
        if found > expected && found <= max(checkpointLSN, numberedThroughLSN) + 1 { return false }
        let message = "batch starts at LSN \(found), expected \(expected)"
        guard forceRecovery, found > expected else {
            throw JournalError(kind: .lsnGap, segment: segment, offset: offset, message: message)
        }
        logger.error("journal: --force-recovery accepts an LSN gap", metadata: ["lost": "\(expected)...\(found - 1)", "segment": "\(segment)"])
        return true
    }

    private struct RecordPlace {
        var lsn: UInt64
        var offset: Int
        var payload: Range<Int>
    }

    private enum ParsedBatch {
        case valid(firstLSN: UInt64, records: [RecordPlace], end: Int)
        /// `offset` is where the first damaged structure (batch header or record) starts.
        case invalid(offset: Int, reason: String)
    }

    private func parseBatch(_ bytes: [UInt8], at offset: Int) -> ParsedBatch {
        let headerSize = JournalFormat.batchHeaderSize
        guard bytes.count - offset >= headerSize else {
            return .invalid(offset: offset, reason: "batch header cut short: \(bytes.count - offset) of \(headerSize) bytes")
        }
        let (magic, bodyLength, firstLSN, count, crc) = bytes.withUnsafeBytes { raw in
            (
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)),
                Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
                Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))),
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 20, as: UInt32.self))
            )
        }
        guard magic == JournalFormat.batchMagic else {
            return .invalid(offset: offset, reason: "no batch marker")
        }
        let headerCRC = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[(offset + 4)..<(offset + 20)])) }
        guard headerCRC == crc else {
            return .invalid(offset: offset, reason: "batch header checksum mismatch")
        }
        guard count > 0 else {
            return .invalid(offset: offset, reason: "batch holds no records")
        }
        let end = offset + headerSize + bodyLength
        guard end <= bytes.count else {
            return .invalid(offset: offset, reason: "batch of \(headerSize + bodyLength) bytes cut short at \(bytes.count - offset)")
        }
        var records: [RecordPlace] = []
        records.reserveCapacity(count)
        var position = offset + headerSize
        for index in 0..<count {
            switch parseRecord(bytes, at: position, end: end) {
            case let .valid(lsn, payload, recordEnd):
                guard lsn == firstLSN + UInt64(index) else {
                    return .invalid(offset: position, reason: "record has LSN \(lsn), its batch expects \(firstLSN + UInt64(index))")
                }
                records.append(RecordPlace(lsn: lsn, offset: position, payload: payload))
                position = recordEnd
            case let .invalid(reason):
                return .invalid(offset: position, reason: reason)
            }
        }
        guard position == end else {
            return .invalid(offset: position, reason: "\(end - position) bytes after the batch's last record")
        }
        return .valid(firstLSN: firstLSN, records: records, end: end)
    }

    private enum ParsedRecord {
        case valid(lsn: UInt64, payload: Range<Int>, end: Int)
        case invalid(reason: String)
    }

    /// Reads the record at `offset`, which must end by `end` (its batch's end).
    private func parseRecord(_ bytes: [UInt8], at offset: Int, end limit: Int) -> ParsedRecord {
        let headerSize = JournalFormat.recordHeaderSize
        guard limit - offset >= headerSize else {
            return .invalid(reason: "record header cut short: \(limit - offset) of \(headerSize) bytes")
        }
        return bytes.withUnsafeBytes { raw in
            let magic = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            let lsn = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            let crc = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
            guard magic == JournalFormat.recordMagic else {
                return .invalid(reason: "no record marker")
            }
            let end = offset + headerSize + length
            guard length <= JournalFormat.maxPayloadSize, end <= limit else {
                return .invalid(reason: "record of \(headerSize + length) bytes runs past its batch")
            }
            guard JournalFormat.recordChecksum(raw, at: offset, payloadLength: length) == crc else {
                return .invalid(reason: "checksum mismatch in the record with LSN \(lsn)")
            }
            return .valid(lsn: lsn, payload: (offset + headerSize)..<end, end: end)
        }
    }

    /// The offset of the first whole, valid batch after `offset` that continues the sequence
    /// (first LSN at least `expected`); nil if none. Requiring the whole batch and its LSNs keeps
    /// bytes that merely look like a batch from being taken for one.
    private func findValidBatch(_ bytes: [UInt8], after offset: Int, expected: UInt64) -> Int? {
        let marker = withUnsafeBytes(of: JournalFormat.batchMagic.littleEndian) { Array($0) }
        var candidate = offset + 1
        while candidate + JournalFormat.batchHeaderSize <= bytes.count {
            if bytes[candidate] == marker[0], bytes[candidate + 1] == marker[1],
                bytes[candidate + 2] == marker[2], bytes[candidate + 3] == marker[3],
                case let .valid(firstLSN, _, _) = parseBatch(bytes, at: candidate), firstLSN >= expected
            {
                return candidate
            }
            candidate += 1
        }
        return nil
    }

    private func truncateTornTail(segment name: String, at offset: Int, fileLength: Int, reason: String) throws(JournalError) {
        logger.warning(
            "journal: truncating a torn tail",
            metadata: ["segment": "\(name)", "offset": "\(offset)", "bytes": "\(fileLength - offset)", "reason": "\(reason)"]
        )
        do throws(SystemError) {
            let fd = try SystemFile.open(path(name), flags: O_WRONLY)
            defer { SystemFile.close(fd) }
            try SystemFile.truncate(fd, to: offset, path: path(name))
            try SystemFile.syncData(fd, path: path(name))
        } catch {
            throw .io(error)
        }
    }

    private func path(_ name: String) -> String {
        directory + "/" + name
    }
}
