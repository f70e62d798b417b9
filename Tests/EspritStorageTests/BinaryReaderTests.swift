@testable import EspritStorage
import Testing

@Suite struct BinaryReaderTests {
    @Test func integersReadBackAtAnyOffset() throws {
        var bytes: [UInt8] = [0xEE]
        bytes.appendLittleEndian(UInt16(0xBEEF))
        bytes.appendLittleEndian(Int64(-2))
        bytes.appendLittleEndian(UInt32(0x0102_0304))
        bytes.appendLittleEndian(UInt64.max - 1)
        var reader = BinaryReader(bytes, offset: 1)
        #expect(try reader.read(UInt16.self) == 0xBEEF)
        #expect(try reader.read(Int64.self) == -2)
        #expect(try reader.read(UInt32.self) == 0x0102_0304)
        #expect(try reader.read(UInt64.self) == UInt64.max - 1)
        #expect(reader.remaining == 0)
        #expect(throws: BinaryReaderError(offset: bytes.count, reason: "needs 1 bytes, 0 left")) { try reader.read(UInt8.self) }
    }

    /// Varints take one byte below 128 and ten at most; signed ones zigzag, so small negative
    /// numbers stay short. More than 64 bits is damage, not a wrapped number.
    @Test func varintsReadBackAndOverlongOnesAreRefused() throws {
        let unsigned: [UInt64] = [0, 1, 127, 128, 16_383, 16_384, UInt64(UInt32.max), UInt64.max]
        let signed: [Int64] = [0, -1, 1, -64, 64, Int64.min, Int64.max]
        var bytes: [UInt8] = []
        for value in unsigned { bytes.appendVarint(value) }
        for value in signed { bytes.appendSignedVarint(value) }
        var reader = BinaryReader(bytes)
        #expect(try unsigned.map { _ in try reader.readVarint() } == unsigned)
        #expect(try signed.map { _ in try reader.readSignedVarint() } == signed)
        #expect(reader.remaining == 0)

        var short: [UInt8] = []
        short.appendSignedVarint(-64)
        #expect(short == [127])
        var longest: [UInt8] = []
        longest.appendVarint(.max)
        #expect(longest.count == 10)
        var overlong = BinaryReader(Array(repeating: 0xFF, count: 9) + [0x02])
        #expect(throws: BinaryReaderError(offset: 0, reason: "a varint longer than 64 bits")) { try overlong.readVarint() }
        var unending = BinaryReader([0x80, 0x80])
        #expect(throws: BinaryReaderError(offset: 2, reason: "needs 1 bytes, 0 left")) { try unending.readVarint() }
    }

    /// ASCII takes a shortcut past the standard library's validation; every other string is
    /// validated in full, and bytes that are not UTF-8 are an error, not a repaired string.
    @Test func stringsAreValidatedAsUTF8() throws {
        var bytes: [UInt8] = []
        for string in ["", "admin_grant", "Aylà ✨", String(repeating: "é", count: 300)] {
            bytes.appendString(string)
        }
        var reader = BinaryReader(bytes)
        #expect(try reader.readString() == "")
        #expect(try reader.readString() == "admin_grant")
        #expect(try reader.readString() == "Aylà ✨")
        #expect(try reader.readString() == String(repeating: "é", count: 300))

        for invalid: [UInt8] in [[0xFF], [0x41, 0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80]] {
            var damaged: [UInt8] = []
            damaged.appendBytes(invalid)
            var reader = BinaryReader(damaged)
            #expect(throws: BinaryReaderError(offset: damaged.count, reason: "string is not valid UTF-8")) { try reader.readString() }
        }
    }

    @Test func aStringLongerThanWhatIsLeftIsAnError() {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt16(10))
        bytes += Array("short".utf8)
        var reader = BinaryReader(bytes)
        #expect(throws: BinaryReaderError(offset: 2, reason: "needs 10 bytes, 5 left")) { try reader.readString() }
    }

    /// A journal record is read in place, as a slice of its segment that starts far from 0:
    /// every read counts from the slice's start, and the slice's end is the end.
    @Test func aSliceIsReadFromItsOwnStart() throws {
        var record: [UInt8] = []
        record.appendLittleEndian(UInt32(7))
        record.appendString("quest")
        record.appendBytes([1, 2, 3])
        record.appendLittleEndian(UInt16(9))
        let segment = Array(repeating: UInt8(0xAA), count: 13) + record + [0xBB, 0xBB]
        var reader = BinaryReader(segment[13..<(13 + record.count)])
        #expect(try reader.read(UInt32.self) == 7)
        #expect(try reader.readString() == "quest")
        #expect(try reader.readBytes() == [1, 2, 3])
        try reader.skip(2)
        #expect(reader.offset == record.count)
        #expect(throws: BinaryReaderError(offset: record.count, reason: "needs 1 bytes, 0 left")) { try reader.read(UInt8.self) }
    }
}
