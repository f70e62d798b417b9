@testable import EspritStorage
import Foundation
import Testing

@Suite struct JournalRecoveryTests {
    @Test func recordsSurviveAReopenInOrder() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let payloads = (0..<50).map(JournalFixture.payload)
        try fixture.write(payloads)
        let (journal, replayed) = try fixture.open()
        defer { journal.close() }
        #expect(replayed.map(\.0) == Array(1...50))
        #expect(replayed.map(\.1) == payloads)
        #expect(journal.durableLSN == 50)
    }

    @Test func appendingContinuesTheNumberingAfterAReopen() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        try fixture.write([JournalFixture.payload(0)])
        let (journal, _) = try fixture.open()
        let lsn = journal.append([1, 2, 3])
        journal.close()
        #expect(lsn == 2)
        #expect(journal.append([1]) == nil)
        journal.close()
        let (reopened, replayed) = try fixture.open()
        reopened.close()
        #expect(replayed.map(\.0) == [1, 2])
        #expect(replayed[1].1 == [1, 2, 3])
    }

    /// A crash during the last write leaves any prefix of the last batch: each is truncated
    /// with a warning naming the batch's offset, the earlier batches survive, and appending
    /// goes on.
    @Test func aLastBatchCutAtEveryByteOffsetIsTruncatedAsATornTail() throws {
        let payloads = (0..<3).map(JournalFixture.payload)
        let offsets = JournalFixture.batchOffsets(payloads)
        let lastStart = offsets[2]
        for cut in 0..<(offsets[3] - lastStart) {
            let fixture = JournalFixture()
            defer { fixture.folder.remove() }
            try fixture.writeOneByOne(payloads)
            let segment = try fixture.segmentNames()[0]
            try fixture.overwrite(segment, with: Array(try fixture.read(segment).prefix(lastStart + cut)))

            let (journal, replayed) = try fixture.open()
            #expect(replayed.map(\.1) == Array(payloads.prefix(2)), "cut at \(cut)")
            let warnings = fixture.log.lines.filter { $0.level == .warning && $0.message.contains("torn tail") }
            if cut == 0 {
                #expect(warnings.isEmpty)
            } else {
                #expect(warnings.count == 1, "cut at \(cut)")
                #expect(warnings.first?.metadata["offset"] == "\(lastStart)")
                #expect(warnings.first?.metadata["segment"] == segment)
            }
            #expect(try fixture.read(segment).count == lastStart)
            #expect(journal.append([9]) == 3)
            journal.close()
            let (reopened, again) = try fixture.open()
            reopened.close()
            #expect(again.map(\.0) == [1, 2, 3])
        }
    }

    /// A batch is synced before the next one is written, so damage with a valid batch after it
    /// hit acknowledged data: whatever byte of the middle batch is flipped, start-up refuses and
    /// names the segment and the offset of the damaged header or record.
    @Test func aFlippedByteInAMiddleBatchRefusesToStartNamingSegmentAndOffset() throws {
        let payloads = (0..<3).map(JournalFixture.payload)
        let offsets = JournalFixture.batchOffsets(payloads)
        for position in offsets[1]..<offsets[2] {
            let fixture = JournalFixture()
            defer { fixture.folder.remove() }
            try fixture.writeOneByOne(payloads)
            let segment = try fixture.segmentNames()[0]
            var bytes = try fixture.read(segment)
            bytes[position] ^= 0x5A
            try fixture.overwrite(segment, with: bytes)
            let error = fixture.openingError()
            let damaged = position < offsets[1] + 24 ? offsets[1] : offsets[1] + 24
            #expect(error?.kind == .corruptRecord, "byte \(position)")
            #expect(error?.segment == segment)
            #expect(error?.offset == damaged, "byte \(position)")
        }
    }

    /// A read of a live journal races the writer: it may see a batch half written (its first
    /// bytes still zeros) with a whole one after it, which reads as damage. A reader bounded by
    /// the LSN it needs parses nothing after the batch that holds it.
    @Test func aScanThroughAnLSNParsesNothingAfterIt() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let payloads = (0..<4).map(JournalFixture.payload)
        try fixture.writeOneByOne(payloads)
        let segment = try fixture.segmentNames()[0]
        var bytes = try fixture.read(segment)
        let offsets = JournalFixture.batchOffsets(payloads)
        for position in offsets[2]..<offsets[2] + 8 { bytes[position] = 0 }
        try fixture.overwrite(segment, with: bytes)

        for through in [UInt64(1), 2] {
            #expect(try fixture.scannedLSNs(through: through) == Array(1...through))
        }
        #expect(throws: JournalError.self) {
            try fixture.scannedLSNs(through: 3)
        }
    }

    /// The segment holding the LSN asked for may have more records after it, and newer
    /// segments after those: the scan stops at that LSN without taking the records it skipped
    /// for a missing segment.
    @Test func aScanThroughAnLSNStopsBeforeTheSegmentsAfterIt() throws {
        var fixture = JournalFixture()
        defer { fixture.folder.remove() }
        fixture.segmentBytes = 200
        try fixture.writeOneByOne((0..<12).map(JournalFixture.payload))
        let segments = try fixture.segmentNames().compactMap(JournalFormat.firstLSN(ofSegmentNamed:))
        #expect(segments.count >= 3)
        let middle = try #require(segments.dropFirst().first { $0 + 1 < segments.last! })
        for through in [middle + 1, segments.last! - 1] {
            #expect(try fixture.scannedLSNs(through: through) == Array(1...through), "through \(through) of segments \(segments)")
        }
    }

    /// A crash while the last batch was written may persist its pages out of order, leaving a
    /// page of it never written (zeros) before valid records of the same batch: none of them was
    /// acknowledged, so the whole batch is a torn tail.
    @Test func anUnwrittenPageInsideTheLastBatchTruncatesThatBatch() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let early = (0..<2).map(JournalFixture.payload)
        try fixture.writeOneByOne(early)
        let segment = try fixture.segmentNames()[0]
        let large = (0..<3).map { index in [UInt8](repeating: UInt8(index + 1), count: 3_000) }
        try fixture.appendBatch(large, firstLSN: 3, to: segment)
        let lastBatch = JournalFixture.batchOffsets(early)[2]
        var bytes = try fixture.read(segment)
        for position in 4_096..<8_192 { bytes[position] = 0 }
        try fixture.overwrite(segment, with: bytes)

        let (journal, replayed) = try fixture.open()
        journal.close()
        #expect(replayed.map(\.1) == early)
        #expect(fixture.log.lines.contains { $0.message.contains("torn tail") && $0.metadata["offset"] == "\(lastBatch)" })
    }

    /// A whole last batch with one wrong byte was written — in `fsync` mode synced and maybe
    /// acknowledged — so it is damage, not a torn write: start-up refuses without the flag.
    @Test func aFlippedByteInAWholeLastBatchRefusesToStart() throws {
        let payloads = (0..<3).map(JournalFixture.payload)
        let offsets = JournalFixture.batchOffsets(payloads)
        for position in [offsets[2] + 2, offsets[2] + 24 + 25, offsets[3] - 1] {
            let fixture = JournalFixture()
            defer { fixture.folder.remove() }
            try fixture.writeOneByOne(payloads)
            let segment = try fixture.segmentNames()[0]
            var bytes = try fixture.read(segment)
            bytes[position] ^= 0x01
            try fixture.overwrite(segment, with: bytes)
            #expect(fixture.openingError()?.kind == .corruptRecord, "byte \(position)")
            #expect(try fixture.read(segment) == bytes, "nothing is truncated")

            let (journal, replayed) = try fixture.open(forceRecovery: true)
            #expect(journal.skippedDamage)
            #expect(journal.append([9]) == 3, "numbering goes on after the last readable batch")
            journal.close()
            #expect(replayed.map(\.0) == [1, 2])
            #expect(try fixture.segmentNames().count == 2, "appending went on in a new segment")
        }
    }

    /// A segment header is synced before the segment is renamed into place, so a bad one is
    /// damage: refused without the flag; with it, only the header is lost.
    @Test func aDamagedSegmentHeaderIsDamageLikeAnyOther() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let payloads = (0..<3).map(JournalFixture.payload)
        try fixture.writeOneByOne(payloads)
        let segment = try fixture.segmentNames()[0]
        var bytes = try fixture.read(segment)
        bytes[5] ^= 0x10
        try fixture.overwrite(segment, with: bytes)
        let error = fixture.openingError()
        #expect(error?.kind == .badSegmentHeader)
        #expect(error?.segment == segment)
        let (journal, replayed) = try fixture.open(forceRecovery: true)
        journal.close()
        #expect(replayed.map(\.1) == payloads)
        #expect(journal.skippedDamage)
    }

    /// A last segment with nothing readable starts where the new one must: --force-recovery
    /// sets it aside under `.damaged` instead of replacing it.
    @Test func aDamagedSegmentWithNothingReadableIsSetAsideNotOverwritten() throws {
        var fixture = JournalFixture()
        fixture.segmentBytes = 100
        defer { fixture.folder.remove() }
        let payloads = (0..<3).map(JournalFixture.payload)
        try fixture.writeOneByOne(payloads)
        let last = try fixture.segmentNames().last!
        #expect(last == JournalFormat.segmentName(firstLSN: 3), "the third record starts the last segment")
        var bytes = try fixture.read(last)
        bytes[3] ^= 0xFF
        bytes[16 + 2] ^= 0xFF
        try fixture.overwrite(last, with: bytes)

        let (journal, replayed) = try fixture.open(forceRecovery: true)
        #expect(journal.append([7]) == 3, "numbering goes on after the last readable record")
        journal.close()
        #expect(replayed.map(\.1) == Array(payloads.prefix(2)))
        let aside = fixture.directory + "/" + last + ".damaged"
        #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == Data(bytes))
        let (reopened, again) = try fixture.open()
        reopened.close()
        #expect(again.map(\.1) == Array(payloads.prefix(2)) + [[7]])
    }

    /// Only the last segment can hold a torn write: every earlier one was synced before the next
    /// was started. A cut-short batch at the end of an earlier segment is damage.
    @Test func aTornTailInASegmentThatIsNotTheLastRefuses() throws {
        var fixture = JournalFixture()
        fixture.segmentBytes = 100
        defer { fixture.folder.remove() }
        try fixture.writeOneByOne((0..<4).map(JournalFixture.payload))
        let segments = try fixture.segmentNames()
        #expect(segments.count >= 2)
        let first = try fixture.read(segments[0])
        try fixture.overwrite(segments[0], with: Array(first.dropLast(3)))
        let error = fixture.openingError()
        #expect(error?.kind == .corruptRecord)
        #expect(error?.segment == segments[0])
    }

    @Test func forceRecoverySkipsTheDamagedBatchAndLogsTheLoss() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let payloads = (0..<3).map(JournalFixture.payload)
        try fixture.writeOneByOne(payloads)
        let segment = try fixture.segmentNames()[0]
        var bytes = try fixture.read(segment)
        bytes[JournalFixture.batchOffsets(payloads)[1] + 24 + 25] ^= 0xFF
        try fixture.overwrite(segment, with: bytes)

        let (journal, replayed) = try fixture.open(forceRecovery: true)
        journal.close()
        #expect(replayed.map(\.0) == [1, 3])
        #expect(fixture.log.lines.contains { $0.level == .error && $0.metadata["lost"] == "2...2" })
    }

    @Test func rotatedSegmentsReplayAsOneSequence() throws {
        var fixture = JournalFixture()
        fixture.segmentBytes = 200
        defer { fixture.folder.remove() }
        try fixture.writeOneByOne((0..<40).map(JournalFixture.payload))
        #expect(try fixture.segmentNames().count > 3)
        let (reopened, replayed) = try fixture.open()
        reopened.close()
        #expect(replayed.map(\.1) == (0..<40).map(JournalFixture.payload))
    }

    @Test func aMissingSegmentRefusesToStartNamingTheGap() throws {
        var fixture = JournalFixture()
        fixture.segmentBytes = 200
        defer { fixture.folder.remove() }
        try fixture.writeOneByOne((0..<40).map(JournalFixture.payload))
        let segments = try fixture.segmentNames()
        try FileManager.default.removeItem(atPath: fixture.directory + "/" + segments[1])
        #expect {
            try fixture.open()
        } throws: { error in
            guard let error = error as? JournalError else { return false }
            return error.kind == .missingSegment && error.segment == segments[2]
                && error.message.contains("LSNs \(firstLSN(segments[1]))–\(firstLSN(segments[2]) - 1) are missing")
        }
        try FileManager.default.removeItem(atPath: fixture.directory + "/" + segments[0])
        #expect(throws: JournalError.self) { try fixture.open() }
    }

    @Test func staleTemporaryFilesAreRemovedAtStart() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        try fixture.write([JournalFixture.payload(0)])
        let stale = fixture.directory + "/00000000000000000002.wal.tmp"
        _ = FileManager.default.createFile(atPath: stale, contents: Data([1, 2, 3]))
        let (journal, replayed) = try fixture.open()
        journal.close()
        #expect(replayed.count == 1)
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    @Test func durabilityModesAdvanceTheDurableLSN() throws {
        for durability in Durability.allCases {
            let fixture = JournalFixture()
            defer { fixture.folder.remove() }
            let (journal, _) = try fixture.open(durability: durability)
            let lsn = try #require(journal.append([1]))
            var waited = 0
            while journal.durableLSN < lsn && waited < 5_000 {
                usleep(1_000)
                waited += 1
            }
            #expect(journal.durableLSN == lsn, "\(durability)")
            journal.close()
        }
    }

    private func firstLSN(_ name: String) -> UInt64 {
        UInt64(name.prefix(20))!
    }
}

/// Recovery after a checkpoint: records it covers are not replayed, and segments holding only
/// such records may be gone.
@Suite struct JournalCheckpointRecoveryTests {
    private func open(_ fixture: JournalFixture, checkpointLSN: UInt64, numberedThroughLSN: UInt64 = 0) throws -> (Journal, [UInt64]) {
        var replayed: [UInt64] = []
        let journal = try Journal(
            configuration: JournalConfiguration(directory: fixture.directory, segmentBytes: fixture.segmentBytes),
            logger: fixture.log.logger, checkpointLSN: checkpointLSN, numberedThroughLSN: numberedThroughLSN,
            onFailure: { error in fatalError("journal failed in a test: \(error)") },
            replay: { lsn, _ in replayed.append(lsn) }
        )
        return (journal, replayed)
    }

    @Test func recordsTheCheckpointCoversAreNotReplayed() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        try fixture.writeOneByOne((0..<10).map(JournalFixture.payload))
        let (journal, replayed) = try open(fixture, checkpointLSN: 6)
        #expect(replayed == [7, 8, 9, 10])
        #expect(journal.append([1]) == 11)
        journal.close()
    }

    @Test func segmentsBelowTheCheckpointMayBeGoneButNotAbove() throws {
        var fixture = JournalFixture()
        fixture.segmentBytes = 200
        defer { fixture.folder.remove() }
        try fixture.writeOneByOne((0..<40).map(JournalFixture.payload))
        let segments = try fixture.segmentNames()
        let firstOfThird = UInt64(segments[2].prefix(20))!
        for name in segments.prefix(2) {
            try FileManager.default.removeItem(atPath: fixture.directory + "/" + name)
        }
        let (journal, replayed) = try open(fixture, checkpointLSN: firstOfThird - 1)
        journal.close()
        #expect(replayed == Array(firstOfThird...40))
        #expect(throws: JournalError.self) { try open(fixture, checkpointLSN: firstOfThird - 2) }
    }

    /// A journal that ends before the checkpoint goes on in a new segment after it, and opens
    /// again cleanly.
    @Test func aJournalBehindTheCheckpointContinuesAfterIt() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        try fixture.writeOneByOne((0..<3).map(JournalFixture.payload))
        let (journal, replayed) = try open(fixture, checkpointLSN: 50)
        #expect(replayed.isEmpty)
        #expect(journal.append([1]) == 51)
        journal.close()
        let (again, replayedAgain) = try open(fixture, checkpointLSN: 50)
        again.close()
        #expect(replayedAgain == [51])
    }

    /// The checkpoint holds a player as of LSN 15 but the journal lost records 11–15 (a power
    /// loss in `write` mode): numbering must not hand out 11–15 again, or replay would skip
    /// those new records for that player.
    @Test func numberingContinuesAfterTheHighestLSNTheCheckpointHolds() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        try fixture.writeOneByOne((0..<10).map(JournalFixture.payload))
        let (journal, replayed) = try open(fixture, checkpointLSN: 5, numberedThroughLSN: 15)
        #expect(replayed == [6, 7, 8, 9, 10])
        #expect(journal.append([1]) == 16)
        journal.close()
        let (again, replayedAgain) = try open(fixture, checkpointLSN: 5, numberedThroughLSN: 15)
        again.close()
        #expect(replayedAgain == [6, 7, 8, 9, 10, 16])
    }
}
