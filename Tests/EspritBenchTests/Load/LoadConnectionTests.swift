@testable import esprit_bench
import Foundation
import EspritProtocol
import NIOCore
import NIOEmbedded
import Testing

/// ``LoadConnection`` on an embedded channel: the test plays the server, answering what the
/// connection wrote.
@Suite struct LoadConnectionTests {
    private struct Connection {
        let channel = EmbeddedChannel()
        let loop: EmbeddedEventLoop
        let ready: EventLoopPromise<Void>
        let finished: EventLoopPromise<StatsByOperation>
        let handler: LoadConnection<EspritTraffic>

        init(depth: Int, greeting: [any WireRequest] = [LoginRequest(playerId: 1, token: [7])]) throws {
            loop = channel.embeddedEventLoop
            ready = loop.makePromise()
            finished = loop.makePromise()
            handler = LoadConnection(
                traffic: EspritTraffic(greeting: greeting, mix: .quest), depth: depth, random: BenchRandom(seed: 1),
                progress: Progress(), ready: ready, finished: finished
            )
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        /// Every request id the connection has written since the last call.
        func sentRequestIds() throws -> [UInt32] {
            var ids: [UInt32] = []
            while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
                while let length = buffer.readInteger(as: UInt32.self) {
                    if case let .request(request) = try ClientFrame.decode(body: buffer.readSlice(length: Int(length))!) {
                        ids.append(request.requestId)
                    }
                }
            }
            return ids
        }

        func answer(_ frames: ServerFrame...) throws {
            var buffer = ByteBuffer()
            for frame in frames { frame.encode(into: &buffer) }
            try channel.writeInbound(buffer)
        }

        func greet() throws {
            _ = try sentRequestIds()
            try answer(.welcome(Welcome(version: 1, maxFrameBytes: 1 << 20, serverTime: 0)), Self.response(1))
        }

        static func response(_ requestId: UInt32) -> ServerFrame {
            .response(ResponseFrame(requestId: requestId, answering: QuestRequest.self, EventsResponse(events: [])))
        }

        static func refusal(_ requestId: UInt32) -> ServerFrame {
            .error(ErrorFrame(requestId: requestId, opcode: Opcode.quest.rawValue, error: WireError(message: "tired", details: .insufficient(resource: "energy", required: 6, current: 0))))
        }
    }

    @Test func aRefusedLoginFailsTheConnectionBeforeItStarts() throws {
        let connection = try Connection(depth: 1)
        _ = try connection.sentRequestIds()
        try connection.answer(.welcome(Welcome(version: 1, maxFrameBytes: 1 << 20, serverTime: 0)), Connection.refusal(1))
        #expect(throws: BenchError.self) { try connection.ready.futureResult.wait() }
    }

    /// Closed loop: `depth` requests go out at once, each answer sends the next on its slot, and
    /// after the stop time the last answers end the run with every outcome counted.
    @Test func closedLoopRefillsEachSlotUntilTheStop() throws {
        let connection = try Connection(depth: 3)
        try connection.greet()
        try connection.ready.futureResult.wait()
        let now = connection.loop.now.uptimeNanoseconds
        connection.handler.begin(.init(start: now, recordFrom: 0, stopAt: now + 200_000_000, interval: nil))
        #expect(try connection.sentRequestIds().sorted() == [1, 2, 3])

        try connection.answer(Connection.response(2), Connection.refusal(1))
        #expect(try connection.sentRequestIds() == [2, 1], "each answer refills its own slot")

        connection.loop.advanceTime(to: .uptimeNanoseconds(now + 200_000_000))
        try connection.answer(Connection.response(1), Connection.response(2), Connection.response(3))
        #expect(try connection.sentRequestIds().isEmpty, "nothing is sent after the stop time")
        let stats = try connection.finished.futureResult.wait()
        let quests = try #require(stats.operations["quest"])
        #expect(quests.latencies.totalCount == 5)
        #expect(quests.refused == 1)
        #expect(quests.errors == 0)
    }

    /// Open loop: a request that falls due while the only slot is busy waits, and its latency
    /// counts from when it was due, not from when the slot freed up.
    @Test func openLoopCountsLatencyFromTheDueTime() throws {
        let connection = try Connection(depth: 1)
        try connection.greet()
        try connection.ready.futureResult.wait()
        let start = connection.loop.now.uptimeNanoseconds
        let interval: UInt64 = 20_000_000
        connection.handler.begin(.init(start: start, recordFrom: 0, stopAt: start + 2 * interval, interval: interval))
        #expect(try connection.sentRequestIds() == [1], "the first request is due at once")

        connection.loop.advanceTime(to: .uptimeNanoseconds(start + 3 * interval))
        #expect(try connection.sentRequestIds().isEmpty, "the second request waits for the busy slot")

        try connection.answer(Connection.response(1))
        #expect(try connection.sentRequestIds() == [1], "the waiting request goes out on the freed slot")
        try connection.answer(Connection.response(1))
        let stats = try connection.finished.futureResult.wait()
        let quests = try #require(stats.operations["quest"])
        #expect(quests.latencies.totalCount == 2)
        #expect(quests.latencies.min >= 2 * interval / 1_000, "the waiting request's latency includes its wait (µs)")
        #expect(stats.sendLag.latencies.totalCount == 2)
        #expect(stats.sendLag.latencies.max >= 2 * interval / 1_000 - 1)
    }
}
