import EspritProtocol
import Logging
@testable import EspritServer
import NIOCore
import Testing

/// The connection's decisions, driven with no socket: the order of session changes, the
/// backpressure that stops reading, the frame limit that follows the session, and deadlines.
@Suite struct ConnectionStateTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func makeState(maxRequestsInFlight: Int = 1_024, limits: ConnectionLimits = ConnectionLimits()) -> ConnectionState {
        var state = ConnectionState(limits: limits, maxRequestsInFlight: maxRequestsInFlight, maxFrameBytes: 1 << 20, now: start)
        _ = state.receivedHello(Hello(version: ProtocolVersion.v1, clientName: "test"))
        return state
    }

    private func bytes(_ requests: [any WireRequest]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (index, request) in requests.enumerated() {
            ClientFrame.request(RequestFrame(requestId: UInt32(index + 1), request: request)).encode(into: &buffer)
        }
        return buffer
    }

    /// The next frame's request, taken; nil when none may be taken.
    private func take(_ state: inout ConnectionState) -> (any WireRequest)? {
        guard case let .frame(body) = state.nextFrame(now: start), case let .request(frame) = try? ClientFrame.decode(body: body) else { return nil }
        state.requestTaken()
        return frame.request
    }

    private func reads(_ state: inout ConnectionState) -> Bool {
        state.shouldRead()
    }

    private func resumesReading(_ state: inout ConnectionState) -> Bool {
        state.resumeReading(now: start)
    }

    private func answer(_ state: inout ConnectionState) {
        state.replyQueued(bytes: 40)
        state.replyWritten(bytes: 40, now: start)
    }

    /// The field a refused HELLO names, or nil when it was accepted.
    private func refusedField(_ answer: Result<UInt16, WireError>) -> String? {
        switch answer {
        case .success: nil
        case let .failure(error):
            switch error.details {
            case let .validation(field, _): field
            case let .invalidOperation(operation, _): operation
            default: "\(error.details)"
            }
        }
    }

    @Test func theHandshakeTakesOneHelloOfThisProtocolInAVersionItSpeaks() throws {
        var state = ConnectionState(limits: ConnectionLimits(), maxRequestsInFlight: 1_024, maxFrameBytes: 1 << 20, now: start)
        #expect(refusedField(state.receivedHello(Hello(magic: 0x4754_4520, version: ProtocolVersion.v1, clientName: "http"))) == "magic")
        #expect(refusedField(state.receivedHello(Hello(version: ProtocolVersion.supported.upperBound + 1, clientName: "future"))) == "version")
        #expect(state.phase == .awaitingHello)
        #expect(try state.receivedHello(Hello(version: ProtocolVersion.v1, clientName: "test")).get() == ProtocolVersion.v1)
        #expect(state.phase == .ready)
        #expect(refusedField(state.receivedHello(Hello(version: ProtocolVersion.v1, clientName: "again"))) == "HELLO")
    }

    @Test func framesBehindALoginWaitUntilItIsDone() {
        var state = makeState()
        let login = LoginRequest(playerId: 1, token: [1, 2, 3])
        state.received(bytes([login, GetProfileRequest()]), now: start)
        let first = take(&state)
        #expect(first as? LoginRequest == login)
        state.sessionChangeBegan()
        let heldBack = take(&state)
        #expect(heldBack == nil)
        let readDuringChange = reads(&state)
        #expect(!readDuringChange)
        state.sessionChangeEnded()
        #expect(state.hasFramesToResume)
        let second = take(&state)
        #expect(second as? GetProfileRequest == GetProfileRequest())
    }

    @Test func readingStopsAtTheInFlightLimitAndResumesWhenAnAnswerLeaves() {
        var state = makeState(maxRequestsInFlight: 2)
        state.received(bytes(Array(repeating: GetProfileRequest(), count: 3)), now: start)
        let taken = [take(&state), take(&state), take(&state)]
        #expect(taken.map { $0 != nil } == [true, true, false])
        let readAtLimit = reads(&state)
        #expect(!readAtLimit)
        answer(&state)
        #expect(state.hasFramesToResume)
        let third = take(&state)
        #expect(third != nil)
        // Every frame read is taken, but the budget is full again: the held read still waits.
        let resumedAtLimit = resumesReading(&state)
        #expect(!resumedAtLimit)
        answer(&state)
        let resumed = resumesReading(&state)
        #expect(resumed)
    }

    @Test func readingStopsAtTheUnsentReplyBudgetAndWhileTheSocketTakesNoOutput() {
        var limits = ConnectionLimits()
        limits.maxUnsentReplyBytes = 100
        var state = makeState(limits: limits)
        let readWithRoom = reads(&state)
        #expect(readWithRoom)
        state.replyQueued(bytes: 100)
        let readAtBudget = reads(&state)
        #expect(!readAtBudget)
        state.replyWritten(bytes: 100, now: start)
        let resumedAfterWrite = resumesReading(&state)
        #expect(resumedAfterWrite)
        state.writabilityChanged(false, now: start)
        let readWhileBlocked = reads(&state)
        #expect(!readWhileBlocked)
        state.writabilityChanged(true, now: start)
        let resumedWhenWritable = resumesReading(&state)
        #expect(resumedWhenWritable)
    }

    @Test func aCompleteFrameInHandIsTakenBeforeAnythingMoreIsRead() {
        var state = makeState()
        state.received(bytes([GetProfileRequest()]), now: start)
        let readWithFrameInHand = reads(&state)
        #expect(!readWithFrameInHand)
        let taken = take(&state)
        #expect(taken != nil)
        let resumed = resumesReading(&state)
        #expect(resumed)
    }

    @Test func theFrameLimitGrowsOnceTheSessionIsAuthenticated() {
        var header = ByteBuffer()
        header.writeInteger(UInt32(4_096))
        var anonymous = makeState()
        anonymous.received(header, now: start)
        let before = anonymous.nextFrame(now: start)
        #expect(before == .tooLarge(FrameTooLargeError(length: 4_096, maxFrameBytes: 1_024)))
        var authenticated = makeState()
        authenticated.authenticated()
        authenticated.received(header, now: start)
        let after = authenticated.nextFrame(now: start)
        #expect(after == nil)
    }

    /// A frame partly received before the move waited for the server, not the client: its
    /// clock starts again on the new loop.
    @Test func aPartlyReceivedFrameGetsAFreshClockAfterTheMove() {
        var limits = ConnectionLimits()
        limits.frameTimeout = .seconds(10)
        var frames = InboundFrames(maxFrameBytes: 1 << 20)
        var half = ByteBuffer()
        half.writeInteger(UInt32(100))
        frames.append(half, now: start)
        let handoff = ConnectionHandoff(
            playerId: 1, isAdmin: false, address: "127.0.0.1", version: ProtocolVersion.v2, frames: frames, logger: Logger(label: "test"), lastActivity: start
        )
        let moved = ConnectionState(handedOver: handoff, limits: limits, maxRequestsInFlight: 8, maxFrameBytes: 1 << 20, now: start + .seconds(30))
        #expect(moved.version == ProtocolVersion.v2, "the version HELLO negotiated moves with the connection")
        #expect(moved.expiry(at: start + .seconds(31)) == nil)
        #expect(moved.expiry(at: start + .seconds(40)) == .frame)
    }

    @Test func deadlines() {
        var limits = ConnectionLimits()
        limits.handshakeTimeout = .seconds(5)
        limits.frameTimeout = .seconds(10)
        limits.idleTimeout = .seconds(300)
        var fresh = ConnectionState(limits: limits, maxRequestsInFlight: 8, maxFrameBytes: 1 << 20, now: start)
        #expect(fresh.expiry(at: start + .seconds(4)) == nil)
        #expect(fresh.expiry(at: start + .seconds(5)) == .handshake)
        _ = fresh.receivedHello(Hello(version: ProtocolVersion.v1, clientName: "test"))
        #expect(fresh.expiry(at: start + .seconds(299)) == nil)
        #expect(fresh.expiry(at: start + .seconds(300)) == .idle)

        // Half a frame: the frame timeout runs while the server reads, not while it holds back.
        var partial = makeState(limits: limits)
        var half = ByteBuffer()
        half.writeInteger(UInt32(100))
        partial.received(half, now: start)
        #expect(partial.expiry(at: start + .seconds(10)) == .frame)
        partial.writabilityChanged(false, now: start)
        let readWhileBlocked = reads(&partial)
        #expect(!readWhileBlocked)
        #expect(partial.expiry(at: start + .seconds(10)) == nil)
        #expect(partial.expiry(at: start + .seconds(300)) == .outputBlocked)

        // Busy is not idle.
        var busy = makeState(limits: limits)
        busy.received(bytes([GetProfileRequest()]), now: start)
        let taken = take(&busy)
        #expect(taken != nil)
        #expect(busy.expiry(at: start + .seconds(400)) == nil)
    }
}
