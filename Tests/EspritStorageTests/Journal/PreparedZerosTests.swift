@testable import EspritStorage
import Foundation
import Testing

/// In fsync mode the writer lays zeros ahead of its batches, so that a batch's sync changes no
/// file metadata. What a crash leaves must still read as the journal: the zeros are the end of
/// the data, a batch that runs into them is a torn write, and only the last segment has them.
@Suite struct PreparedZerosTests {
    /// Appends `payloads` one commit at a time into an open journal and returns it, with the
    /// segment's bytes as a kill -9 at that moment would leave them.
    private func appendWithoutClosing(_ payloads: [[UInt8]], _ fixture: JournalFixture) throws -> (Journal, [UInt8]) {
        let (journal, _) = try fixture.open()
        for (index, payload) in payloads.enumerated() {
            _ = journal.append(payload)
            while journal.durableLSN < UInt64(index + 1) { usleep(100) }
        }
        return (journal, try fixture.read(try fixture.segmentNames()[0]))
    }

    @Test func zerosLeftByACrashEndTheDataWithoutAWarning() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let payloads = (0..<3).map(JournalFixture.payload)
        let dataEnd = JournalFixture.batchOffsets(payloads)[3]
        let (journal, crashed) = try appendWithoutClosing(payloads, fixture)
        journal.close()
        let segment = try fixture.segmentNames()[0]
        #expect(crashed.count >= dataEnd + Journal.preparedBytes / 2, "zeros were prepared ahead")
        #expect(crashed[dataEnd...].allSatisfy { $0 == 0 })
        #expect(try fixture.read(segment).count == dataEnd, "a clean stop cuts them off")

        try fixture.overwrite(segment, with: crashed)
        let (reopened, replayed) = try fixture.open()
        #expect(replayed.map(\.1) == payloads)
        #expect(!fixture.log.lines.contains { $0.message.contains("torn tail") })
        #expect(reopened.append([9]) == 4)
        reopened.close()
        let (again, all) = try fixture.open()
        again.close()
        #expect(all.map(\.1) == payloads + [[9]], "the next batch was written where the data ended, over the zeros")
    }

    /// A crash can persist a batch's first sectors and not its last: the batch then ends in
    /// the prepared zeros, and none of it was acknowledged.
    @Test func aLastBatchWhoseLastSectorsAreZerosIsATornTail() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let payloads = [JournalFixture.payload(0), JournalFixture.payload(1), [UInt8](repeating: 7, count: 1_200)]
        let offsets = JournalFixture.batchOffsets(payloads)
        #expect(offsets[2] < 1_024 && offsets[3] > 1_024)
        let (journal, crashed) = try appendWithoutClosing(payloads, fixture)
        journal.close()
        var torn = crashed
        for position in 1_024..<offsets[3] { torn[position] = 0 }
        try fixture.overwrite(try fixture.segmentNames()[0], with: torn)

        let (reopened, replayed) = try fixture.open()
        reopened.close()
        #expect(replayed.map(\.1) == Array(payloads.prefix(2)))
        #expect(fixture.log.lines.contains { $0.message.contains("torn tail") && $0.metadata["offset"] == "\(offsets[2])" })
    }

    /// A whole last batch whose payload happens to end in zero bytes, with one wrong byte, was
    /// written and maybe acknowledged: its few trailing zeros are not unwritten sectors.
    @Test func aDamagedWholeLastBatchEndingInZeroBytesStillRefuses() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let payloads = [JournalFixture.payload(0), JournalFixture.payload(1), [9, 9, 9, 9, 9, 0, 0, 0, 0]]
        let offsets = JournalFixture.batchOffsets(payloads)
        let (journal, crashed) = try appendWithoutClosing(payloads, fixture)
        journal.close()
        var damaged = crashed
        damaged[offsets[2] + 24 + 20 + 1] ^= 0x01
        try fixture.overwrite(try fixture.segmentNames()[0], with: damaged)
        #expect(fixture.openingError()?.kind == .corruptRecord)
    }

    /// A segment is cut to its last batch before the next one starts: only the newest segment
    /// can end in zeros.
    @Test func rotatedSegmentsEndAtTheirLastBatch() throws {
        var fixture = JournalFixture()
        fixture.segmentBytes = 200
        defer { fixture.folder.remove() }
        let (journal, _) = try appendWithoutClosing((0..<12).map(JournalFixture.payload), fixture)
        defer { journal.close() }
        let segments = try fixture.segmentNames()
        #expect(segments.count > 2)
        for segment in segments.dropLast() {
            let bytes = try fixture.read(segment)
            #expect(bytes.count < fixture.segmentBytes + 200, "\(segment) holds \(bytes.count) bytes")
            #expect(bytes.last != 0)
        }
    }
}
