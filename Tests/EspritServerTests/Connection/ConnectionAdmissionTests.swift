@testable import EspritServer
import Testing

@Suite struct ConnectionAdmissionTests {
    @Test func capsApplyInAllAndPerAddressAndReleasesFreeSlots() {
        let admission = ConnectionAdmission(maxConnections: 3, maxConnectionsPerAddress: 2)
        #expect(admission.admit("a") == nil)
        #expect(admission.admit("a") == nil)
        #expect(admission.admit("a") == .addressFull(address: "a", limit: 2))
        #expect(admission.admit("b") == nil)
        #expect(admission.admit("c") == .serverFull(limit: 3))
        #expect(admission.openConnections == 3)
        admission.release("a")
        #expect(admission.admit("c") == nil)
        #expect(admission.admit("a") == .serverFull(limit: 3))
    }

}
