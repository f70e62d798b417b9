@testable import esprit_bench
import EspritProtocol
import NIOCore
import Testing

/// ``LoadSession`` fed by hand: the test plays the server, answering what the session wrote,
/// and the clock.
@Suite struct LoadSessionTests {
    /// A session greeted with a login, for the quest mix.
    static func session(depth: Int) -> LoadSession<EspritTraffic> {
        LoadSession(
            traffic: EspritTraffic(greeting: [LoginRequest(playerId: 1, token: [7])], mix: .quest), depth: depth,
            random: BenchRandom(seed: 1), progress: Progress()
        )
    }

    /// The request ids of every `REQUEST` frame in `bytes`, consuming them.
    static func requestIds(in bytes: inout ByteBuffer) throws -> [UInt32] {
        var ids: [UInt32] = []
        while let length = bytes.getInteger(at: bytes.readerIndex, as: UInt32.self), bytes.readableBytes >= 4 + Int(length) {
            bytes.moveReaderIndex(forwardBy: 4)
            if case let .request(request) = try ClientFrame.decode(body: bytes.readSlice(length: Int(length))!) {
                ids.append(request.requestId)
            }
        }
        return ids
    }

    static func response(_ requestId: UInt32) -> ServerFrame {
        .response(ResponseFrame(requestId: requestId, answering: QuestRequest.self, EventsResponse(events: [])))
    }

    static func refusal(_ requestId: UInt32) -> ServerFrame {
        .error(ErrorFrame(requestId: requestId, opcode: Opcode.quest.rawValue, error: WireError(message: "tired", details: .insufficient(resource: "energy", required: 6, current: 0))))
    }

    static func encoded(_ frames: [ServerFrame]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for frame in frames { frame.encode(into: &buffer) }
        return buffer
    }

    /// Every request id the session has queued since the last call.
    private func sent(_ session: LoadSession<EspritTraffic>) throws -> [UInt32] {
        var buffer = ByteBuffer()
        session.takeOutgoing(&buffer)
        return try Self.requestIds(in: &buffer)
    }

    private func answer(_ session: LoadSession<EspritTraffic>, now: UInt64, _ frames: ServerFrame...) {
        Self.encoded(frames).withUnsafeReadableBytes { session.received($0, now: now) }
    }

    private func greet(_ session: LoadSession<EspritTraffic>) throws {
        session.connected()
        _ = try sent(session)
        answer(session, now: 0, .welcome(Welcome(version: 1, maxFrameBytes: 1 << 20, serverTime: 0)), Self.response(1))
    }

    @Test func aRefusedLoginFailsTheSessionBeforeItStarts() throws {
        let session = Self.session(depth: 1)
        session.connected()
        #expect(try sent(session) == [1], "the login goes out with the HELLO")
        answer(session, now: 0, .welcome(Welcome(version: 1, maxFrameBytes: 1 << 20, serverTime: 0)), Self.refusal(1))
        #expect(session.failure is BenchError)
        guard case .finished = session.phase else { Issue.record("a refused session is over"); return }
    }

    /// Closed loop: `depth` requests go out at once, each answer sends the next on its slot, and
    /// after the stop time the last answers end the run with every outcome counted.
    @Test func closedLoopRefillsEachSlotUntilTheStop() throws {
        let session = Self.session(depth: 3)
        try greet(session)
        guard case .ready = session.phase else { Issue.record("greeted"); return }
        let start: UInt64 = 1_000
        session.begin(.init(start: start, recordFrom: 0, stopAt: start + 200_000_000, interval: nil), now: start)
        #expect(try sent(session).sorted() == [1, 2, 3])

        answer(session, now: start + 10, Self.response(2), Self.refusal(1))
        #expect(try sent(session) == [2, 1], "each answer refills its own slot")

        answer(session, now: start + 200_000_000, Self.response(1), Self.response(2), Self.response(3))
        #expect(try sent(session).isEmpty, "nothing is sent after the stop time")
        guard case .finished = session.phase else { Issue.record("the last answer ends the run"); return }
        let quests = try #require(session.stats.operations["quest"])
        #expect(quests.latencies.totalCount == 5)
        #expect(quests.refused == 1)
        #expect(quests.errors == 0)
    }

    /// Open loop: a request that falls due while the only slot is busy waits, and its latency
    /// counts from when it was due, not from when the slot freed up.
    @Test func openLoopCountsLatencyFromTheDueTime() throws {
        let session = Self.session(depth: 1)
        try greet(session)
        let start: UInt64 = 1_000
        let interval: UInt64 = 20_000_000
        session.begin(.init(start: start, recordFrom: 0, stopAt: start + 2 * interval, interval: interval), now: start)
        #expect(try sent(session) == [1], "the first request is due at once")
        #expect(session.wake(now: start) == start + interval, "the session asks to be woken when the next is due")

        #expect(session.wake(now: start + 3 * interval) == start + 2 * interval + 10_000_000_000, "then only for the drain's end")
        #expect(try sent(session).isEmpty, "the second request waits for the busy slot")

        answer(session, now: start + 3 * interval, Self.response(1))
        #expect(try sent(session) == [1], "the waiting request goes out on the freed slot")
        answer(session, now: start + 3 * interval, Self.response(1))
        guard case .finished = session.phase else { Issue.record("the last answer ends the run"); return }
        let quests = try #require(session.stats.operations["quest"])
        #expect(quests.latencies.totalCount == 2)
        #expect(quests.latencies.min >= 2 * interval / 1_000, "the waiting request's latency includes its wait (µs)")
        #expect(session.stats.sendLag.latencies.totalCount == 2)
        #expect(session.stats.sendLag.latencies.max >= 2 * interval / 1_000 - 1)
    }

    /// Answers that never come count as errors once the drain time has passed.
    @Test func theDrainsEndCountsUnansweredRequestsAsErrors() throws {
        let session = Self.session(depth: 2)
        try greet(session)
        let schedule = LoadSchedule(start: 0, recordFrom: 0, stopAt: 100, interval: nil, drain: 50)
        session.begin(schedule, now: 0)
        #expect(session.wake(now: 149) == 150)
        #expect(session.wake(now: 150) == nil)
        guard case .finished = session.phase else { Issue.record("the drain's end ends the run"); return }
        #expect(session.stats.operations["quest"]?.errors == 2)
    }
}
