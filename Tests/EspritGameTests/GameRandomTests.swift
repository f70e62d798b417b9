@testable import EspritGame
import Testing

@Suite struct GameRandomTests {
    /// RFC 8439, section 2.3.2: the block function's test vector.
    @Test func theBlockFunctionMatchesTheRFCVector() {
        let key = SIMD8<UInt32>(0x0302_0100, 0x0706_0504, 0x0B0A_0908, 0x0F0E_0D0C, 0x1312_1110, 0x1716_1514, 0x1B1A_1918, 0x1F1E_1D1C)
        let block = GameRandom.block(key: key, counterAndNonce: SIMD4(1, 0x0900_0000, 0x4A00_0000, 0))
        let expected = SIMD16<UInt32>(
            0xE4E7_F110, 0x1559_3BD1, 0x1FDD_0F50, 0xC471_20A3, 0xC7F4_D1C7, 0x0368_C033, 0x9AAA_2204, 0x4E6C_D4C3,
            0x4664_82D2, 0x09AA_9F07, 0x05D7_C214, 0xA202_8BD9, 0xD19C_12B5, 0xB94E_16DE, 0xE883_D0CB, 0x4E3C_50A2
        )
        #expect(block == expected)
    }

    /// Successive blocks differ, two generators differ (fresh keys), and the draws cover the
    /// range evenly enough that a rule's weighted choice is not skewed.
    @Test func drawsAreFreshAndSpreadOverTheRange() {
        var first = GameRandom()
        var second = GameRandom()
        let draws = (0..<4_096).map { _ in first.next() }
        #expect(Set(draws).count == draws.count)
        #expect((0..<16).map { _ in second.next() } != Array(draws.prefix(16)))
        var buckets = [Int](repeating: 0, count: 16)
        for _ in 0..<160_000 {
            buckets[Int(Int.random(in: 0..<16, using: &first))] += 1
        }
        // 10 000 expected per bucket; 5 standard deviations is about ±490.
        #expect(buckets.allSatisfy { (9_500...10_500).contains($0) })
    }
}
