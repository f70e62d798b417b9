@testable import EspritServer
import Testing

@Suite struct CommandIdsTests {
    @Test func idsArePrefixDashCounterInBase36AndFitASmallString() throws {
        let ids = CommandIds()
        let generated = (0..<40).map { _ in ids.next() }
        let prefix = try #require(generated.first?.split(separator: "-").first)
        #expect((1...8).contains(prefix.count))
        for (index, id) in generated.enumerated() {
            let parts = id.split(separator: "-")
            #expect(parts.count == 2 && parts[0] == prefix)
            #expect(UInt64(parts[1], radix: 36) == UInt64(index + 1))
            #expect(id.utf8.count <= 15)
            #expect(id.allSatisfy { $0 == "-" || $0.isNumber || ($0.isLowercase && $0.isASCII) })
        }
        #expect(Set(generated).count == generated.count)
        #expect(CommandIds().next().split(separator: "-").first != prefix)
    }
}
