import EspritGame
import EspritProtocol
@testable import EspritServer
import EspritStorage
import Foundation
import NIOCore
import Synchronization
import Testing

/// The connection handler reads only while its connection may take frames. A client that
/// pipelines past the in-flight limit while its requests wait (here, for a journal whose writes
/// are held) gets exactly the limit taken; what it sends beyond that waits in the kernel's
/// socket buffers and then in the client, not in the server's memory. Both halves fail when
/// the handler ignores ``ConnectionState``: taking past the limit counts more commits, and
/// reading past it lets the client push everything it has.
@Suite struct ReadGatingTests {
    final class CommitCounter: CommitObserver {
        let count = Atomic<Int>(0)
        func recovered(_ player: PlayerState, lsn: UInt64) {}
        func committed(_ commit: Commit) { count.add(1, ordering: .relaxed) }
    }

    /// The most bytes the client tries to push: far beyond what the kernel buffers of one
    /// loopback connection hold (about 180 KB here, with the client's buffers small).
    private static let bytesToPush = 16 << 20

    @Test(.timeLimit(.minutes(1)))
    func aClientPipeliningPastTheInFlightLimitIsReadNoFurther() async throws {
        let writesHeld = Atomic<Bool>(false)
        let counter = CommitCounter()
        let server = try await TestServer.start(
            maxRequestsInFlight: 64,
            journalFault: { point in
                while point == .write, writesHeld.load(ordering: .relaxed) { usleep(1_000) }
                return nil
            },
            shards: 2, observers: [counter]
        )
        let client = try await server.client()
        let player = try await client.register(name: "Flooded").playerId
        await client.close()

        let raw = try RawConnection(port: server.port, receiveBufferBytes: 4_096, sendBufferBytes: 4_096)
        raw.sendHello()
        _ = try raw.readFrame()
        try raw.adminLogIn(key: TestServer.adminKey)
        writesHeld.store(true, ordering: .relaxed)
        let committedBefore = counter.count.load(ordering: .relaxed)

        var burst = ByteBuffer()
        for requestId in 1...UInt32(4_096) {
            ClientFrame.request(RequestFrame(requestId: requestId, request: AdminGrantRequest(playerId: player, currency: Currency.lumees.rawValue, amount: 1)))
                .encode(into: &burst)
        }
        let pushed = try await Self.push(Array(burst.readableBytesView), through: raw, upTo: Self.bytesToPush)
        let taken = counter.count.load(ordering: .relaxed) - committedBefore
        writesHeld.store(false, ordering: .relaxed)

        #expect(taken == 64)
        #expect(pushed < Self.bytesToPush / 4, "the client pushed \(pushed) bytes")
        // The requests taken are answered once the journal writes again.
        for _ in 0..<64 {
            guard case let .response(answer) = try raw.readFrame() else {
                Issue.record("expected a grant's answer")
                break
            }
            #expect(answer.response is AdminGrantResponse)
        }
        // Not the rest: the connection goes, and what the server had not taken with it.
        raw.hangUp()
        try await server.stopAndRemove()
    }

    /// Counts the requests of one opcode that reach the operations.
    final class AdmissionCounter: RequestLink {
        let opcode: Opcode
        let count = Atomic<Int>(0)

        init(_ opcode: Opcode) { self.opcode = opcode }

        func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict {
            if call.opcode == opcode { count.add(1, ordering: .relaxed) }
            return .proceed
        }
    }

    /// A client that reads none of its answers: once the socket takes no more output, the
    /// connection takes no more requests, so the answers it has not sent stay bounded (the
    /// kernel's buffers, NIO's write buffer up to its high watermark and `maxUnsentReplyBytes`),
    /// however many requests the client pipelined. Fails when the handler ignores the socket's
    /// writability: every request is taken and its answer queued in the server's memory.
    @Test(.timeLimit(.minutes(1)))
    func aClientThatReadsNoAnswersIsTakenNoFurtherOnceItsSocketIsFull() async throws {
        let counter = AdmissionCounter(GetTablesRequest.opcode)
        let server = try await TestServer.start(shards: 2, links: [counter])
        let raw = try RawConnection(port: server.port, receiveBufferBytes: 4_096)
        raw.sendHello()
        _ = try raw.readFrame()
        let requests = 20_000
        var burst = ByteBuffer()
        for requestId in 1...UInt32(requests) {
            ClientFrame.request(RequestFrame(requestId: requestId, request: GetTablesRequest())).encode(into: &burst)
        }
        _ = try await Self.push(Array(burst.readableBytesView), through: raw, upTo: burst.readableBytes)
        // Settled: no more requests taken for a quarter of a second.
        var taken = counter.count.load(ordering: .relaxed)
        while true {
            try await Task.sleep(for: .milliseconds(250))
            let now = counter.count.load(ordering: .relaxed)
            if now == taken { break }
            taken = now
        }
        let answerBytes = try Self.tablesAnswerBytes(server)
        #expect(taken < requests / 4, "\(taken) of \(requests) requests taken, answers of \(answerBytes) bytes")
        raw.hangUp()
        try await server.stopAndRemove()
    }

    /// Sends `bytes` over and over until `limit` bytes are sent or the socket has taken
    /// nothing for half a second; returns the bytes sent.
    private static func push(_ bytes: [UInt8], through raw: RawConnection, upTo limit: Int) async throws -> Int {
        var pushed = 0
        var stalls = 0
        while pushed < limit, stalls < 20 {
            let sent = raw.sendWithoutWaiting(Array(bytes[(pushed % bytes.count)...]))
            if sent == 0 {
                stalls += 1
                try await Task.sleep(for: .milliseconds(25))
            } else {
                stalls = 0
                pushed += sent
            }
        }
        return pushed
    }

    /// The size of one `GET_TABLES` answer, for the failure message.
    private static func tablesAnswerBytes(_ server: TestServer) throws -> Int {
        let raw = try RawConnection(port: server.port)
        raw.sendHello()
        _ = try raw.readFrame()
        raw.send(.request(RequestFrame(requestId: 1, request: GetTablesRequest())))
        guard let answer = try raw.readFrame() else { return 0 }
        var buffer = ByteBuffer()
        answer.encode(into: &buffer)
        return buffer.readableBytes
    }
}
