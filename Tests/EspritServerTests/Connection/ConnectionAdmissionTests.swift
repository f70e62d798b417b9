@testable import EspritServer
import Synchronization
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

    /// Every count and release reports the new total (the journal's group commit reads it);
    /// a refusal changes nothing and reports nothing.
    @Test func everyChangeOfTheTotalIsReported() {
        let reported = Mutex<[Int]>([])
        let admission = ConnectionAdmission(maxConnections: 2, maxConnectionsPerAddress: 2) { total in reported.withLock { $0.append(total) } }
        _ = admission.admit("a")
        _ = admission.admit("b")
        #expect(admission.admit("c") == .serverFull(limit: 2))
        admission.release("a")
        #expect(reported.withLock { $0 } == [1, 2, 1])
    }
}
