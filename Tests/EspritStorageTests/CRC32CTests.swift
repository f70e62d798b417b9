@testable import EspritStorage
import Testing

@Suite struct CRC32CTests {
    /// The check value every CRC-32C implementation publishes.
    @Test func checkValueOf123456789() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func continuingEqualsChecksummingTheWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = CRC32C.checksum(bytes)
        let split = bytes.withUnsafeBytes { raw in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[333...]), continuing: CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[..<333])))
        }
        #expect(split == whole)
        #expect(CRC32C.checksum([]) == 0)
    }
}
