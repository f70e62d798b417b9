@testable import EspritServer
import Foundation
import Testing

@Suite struct BlockingWorkTests {
    #if os(Linux)
    /// Checkpoints and exports yield the cores to the event loops: their thread runs nice levels
    /// below the server's, and the thread that asked for the work keeps its own priority.
    @Test func backgroundWorkRunsBelowTheServersPriority() async throws {
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        let callers = getpriority(which, 0)
        let workers = try await BlockingWork.run { getpriority(which, 0) }
        #expect(workers == min(callers + BlockingWork.niceLevelsBelowServer, 19))
        #expect(workers > callers || callers == 19)
        #expect(getpriority(which, 0) == callers)
    }
    #endif

    @Test func anErrorOfTheWorkReachesTheCaller() async {
        struct Failed: Error {}
        await #expect(throws: Failed.self) { try await BlockingWork.run { () throws -> Int in throw Failed() } }
    }
}
