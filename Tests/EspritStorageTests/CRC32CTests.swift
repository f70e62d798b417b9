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

    /// The CPU's instruction and the table lookups agree, at every length and alignment.
    @Test func hardwareAndSoftwareAgree() {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBytes { raw in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 63, 64, 65, 1_000, 4_000] {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])
                    #expect(CRC32C.checksum(slice, continuing: 0x1234_5678) == CRC32C.checksumInSoftware(slice, continuing: 0x1234_5678))
                }
            }
        }
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksumInSoftware($0) } == 0xE306_9283)
        #if arch(x86_64) || arch(arm64)
        // Every x86-64 CPU since 2008 has SSE 4.2, and the ARM servers Swift runs on have CRC:
        // otherwise both sides above were the table version.
        #expect(CRC32C.hardware)
        #endif
    }
}
