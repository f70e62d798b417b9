/// The on-disk layout of journal segments, batches and records (all integers little-endian).
///
/// Segment: a 16-byte header (`"ESPJ"`, u16 version, u16 reserved, u64 first LSN), then
/// batches. A segment a crash left may end in zeros, written ahead for the batches to come:
/// they end its data (a batch starts with its magic, never with a zero byte).
/// Batch: what one group commit wrote: a 24-byte header (`"EBAT"`, u32 body length, u64 first
/// LSN, u32 record count, u32 CRC32C of the three fields before it), then its records.
/// Record: a 20-byte header (`"EREC"`, u32 payload length, u64 LSN, u32 CRC32C of the length,
/// LSN and payload bytes), then the payload.
///
/// Batches exist for recovery: a batch is acknowledged only after it is synced, and the next
/// batch is written only after that, so damage inside the last batch is a torn write of records
/// nobody was told about, while damage in an earlier batch is damage to acknowledged data. The
/// markers let `--force-recovery` find the next batch after damage; the CRCs cover the LSNs so
/// nothing can be misnumbered silently.
enum JournalFormat {
    static let segmentMagic: [UInt8] = Array("ESPJ".utf8)
    static let segmentVersion: UInt16 = 1
    static let segmentHeaderSize = 16
    static let recordMagic: UInt32 = 0x4345_5245  // "EREC" read little-endian
    static let recordHeaderSize = 20
    static let batchMagic: UInt32 = 0x5441_4245  // "EBAT" read little-endian
    static let batchHeaderSize = 24
    /// No single command produces a record this large; a larger length is damage.
    static let maxPayloadSize = 64 << 20
    static let segmentSuffix = ".wal"
    static let temporarySuffix = ".tmp"

    /// Segments are named by their first LSN, zero-padded so that names sort like numbers.
    static func segmentName(firstLSN: UInt64) -> String {
        let digits = String(firstLSN)
        return String(repeating: "0", count: 20 - digits.count) + digits + segmentSuffix
    }

    /// The first LSN of a segment file name, or nil for a file that is not a segment.
    static func firstLSN(ofSegmentNamed name: String) -> UInt64? {
        guard name.hasSuffix(segmentSuffix) else { return nil }
        let digits = name.dropLast(segmentSuffix.count)
        guard digits.count == 20, digits.allSatisfy(\.isASCII), let lsn = UInt64(digits) else { return nil }
        return lsn
    }

    static func segmentHeader(firstLSN: UInt64) -> [UInt8] {
        var header = segmentMagic
        header.appendLittleEndian(segmentVersion)
        header.appendLittleEndian(UInt16(0))
        header.appendLittleEndian(firstLSN)
        return header
    }

    /// Appends a record header placeholder; ``sealRecord(in:at:lsn:)`` fills it in once the
    /// payload that follows is written.
    static func beginRecord(in bytes: inout [UInt8]) -> Int {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: recordHeaderSize))
        return start
    }

    static func sealRecord(in bytes: inout [UInt8], at start: Int, lsn: UInt64) {
        let length = UInt32(bytes.count - start - recordHeaderSize)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: recordMagic.littleEndian, toByteOffset: start, as: UInt32.self)
            raw.storeBytes(of: length.littleEndian, toByteOffset: start + 4, as: UInt32.self)
            raw.storeBytes(of: lsn.littleEndian, toByteOffset: start + 8, as: UInt64.self)
            let crc = recordChecksum(UnsafeRawBufferPointer(raw), at: start, payloadLength: Int(length))
            raw.storeBytes(of: crc.littleEndian, toByteOffset: start + 16, as: UInt32.self)
        }
    }

    /// The header that precedes `body`, the records of LSNs `firstLSN ..< firstLSN + count`.
    static func batchHeader(firstLSN: UInt64, recordCount: Int, bodyLength: Int) -> [UInt8] {
        var header: [UInt8] = []
        header.reserveCapacity(batchHeaderSize)
        header.appendLittleEndian(batchMagic)
        header.appendLittleEndian(UInt32(bodyLength))
        header.appendLittleEndian(firstLSN)
        header.appendLittleEndian(UInt32(recordCount))
        header.appendLittleEndian(header.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[4..<20])) })
        return header
    }

    /// CRC32C of the length and LSN fields, then the payload.
    static func recordChecksum(_ raw: UnsafeRawBufferPointer, at start: Int, payloadLength: Int) -> UInt32 {
        let fields = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(start + 4)..<(start + 16)]))
        let payloadStart = start + recordHeaderSize
        return CRC32C.checksum(
            UnsafeRawBufferPointer(rebasing: raw[payloadStart..<(payloadStart + payloadLength)]), continuing: fields
        )
    }
}
