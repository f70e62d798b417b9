@testable import esprit_bench
import EspritGame
import EspritProtocol
import NIOCore
import Testing

@Suite struct EspritTrafficTests {
    private func frame(_ frame: ServerFrame) -> ByteBuffer {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        return buffer
    }

    private func error(requestId: UInt32, _ details: ErrorDetails) -> ServerFrame {
        .error(ErrorFrame(requestId: requestId, opcode: Opcode.quest.rawValue, error: WireError(message: "no", details: details)))
    }

    /// Answers name their slot (request id − 1); a rule's refusal is an answer, a server that
    /// cannot serve is a failure, and pushed events answer nothing.
    @Test func repliesNameTheirSlotAndOutcome() throws {
        let traffic = EspritTraffic(greeting: [], mix: .quest)
        var replies = frame(.response(ResponseFrame(requestId: 3, answering: AdminLoginRequest.self, AdminLoginResponse())))
        replies.writeImmutableBuffer(frame(error(requestId: 1, .insufficient(resource: "energy", required: 6, current: 0))))
        replies.writeImmutableBuffer(frame(.event(EventPush(lsn: 9, eventType: 1, data: [1, 2]))))
        replies.writeImmutableBuffer(frame(error(requestId: 2, .unavailable(reason: "disk full"))))
        #expect(try traffic.readReply(from: &replies) == .answer(slot: 2, .answered))
        #expect(try traffic.readReply(from: &replies) == .answer(slot: 0, .refused))
        #expect(try traffic.readReply(from: &replies) == .unsolicited)
        #expect(try traffic.readReply(from: &replies) == .answer(slot: 1, .failed))
        #expect(try traffic.readReply(from: &replies) == .incomplete)
    }

    /// A frame cut anywhere is not a reply yet, and nothing of it is consumed.
    @Test func aPartialFrameConsumesNothing() throws {
        let traffic = EspritTraffic(greeting: [], mix: .profile)
        let whole = frame(error(requestId: 5, .notFound(entity: "player", id: "7")))
        for length in 0..<whole.readableBytes {
            var partial = whole.getSlice(at: 0, length: length)!
            #expect(try traffic.readReply(from: &partial) == .incomplete, "prefix of \(length) bytes")
            #expect(partial.readableBytes == length)
        }
    }

    @Test func closeStopsTheConnection() {
        let traffic = EspritTraffic(greeting: [], mix: .profile)
        var close = frame(.close(WireError(message: "bye", details: .rateLimited(retryAfterMs: 5))))
        #expect(throws: BenchError.self) { try traffic.readReply(from: &close) }
    }

    /// The greeting is HELLO then the login, numbered from 1; each measured request carries its
    /// slot + 1 as request id, and the same seed gives the same operations.
    @Test func requestsCarryTheirSlotAndFollowTheSeed() throws {
        let traffic = EspritTraffic(greeting: [LoginRequest(playerId: 4, token: [1, 2, 3])], mix: .game(owned: [11, 12]))
        var greeting = ByteBuffer()
        #expect(traffic.writeGreeting(into: &greeting) == 2)
        #expect(try decode(&greeting) == .hello(Hello(version: ProtocolVersion.v1, clientName: "esprit-bench")))
        #expect(try decode(&greeting) == .request(RequestFrame(requestId: 1, correlationId: "", request: LoginRequest(playerId: 4, token: [1, 2, 3]))))

        var first = BenchRandom(seed: 9)
        var second = BenchRandom(seed: 9)
        let copy = traffic
        for slot in 0..<20 {
            var a = ByteBuffer()
            var b = ByteBuffer()
            let operation = traffic.writeRequest(slot: slot % 4, random: &first, into: &a)
            #expect(copy.writeRequest(slot: slot % 4, random: &second, into: &b) == operation)
            #expect(a == b)
            guard case let .request(request) = try decode(&a) else { Issue.record("not a request"); return }
            #expect(request.requestId == UInt32(slot % 4 + 1))
            #expect(traffic.operations[operation] == operationName(request.request))
        }
    }

    /// The read, quest and grant mixes copy frames encoded at set-up: each must be the frame
    /// the protocol would encode for that request and slot, and a grant's target the one the
    /// seed draws.
    @Test func encodedOnceFramesMatchTheProtocolsEncoding() throws {
        let targets: [UInt64] = [21, 22, 23, 24, 25]
        let cases: [(EspritTraffic.Mix, (inout BenchRandom) -> any WireRequest)] = [
            (.profile, { _ in GetProfileRequest() }),
            (.quest, { _ in QuestRequest(zone: 1) }),
            (.grant(targets: targets), { random in
                AdminGrantRequest(playerId: targets[Int(random.next() % UInt64(targets.count))], currency: Currency.lumees.rawValue, amount: 1)
            }),
        ]
        for (mix, expected) in cases {
            let traffic = EspritTraffic(greeting: [], mix: mix)
            var random = BenchRandom(seed: 5)
            var expectedRandom = BenchRandom(seed: 5)
            var sent = ByteBuffer()
            for slot in [0, 3, 15, 2, 7, 7, 0, 11] {
                #expect(traffic.writeRequest(slot: slot, random: &random, into: &sent) == 0)
                var encoded = ByteBuffer()
                ClientFrame.request(RequestFrame(requestId: UInt32(slot + 1), correlationId: "", request: expected(&expectedRandom))).encode(into: &encoded)
                #expect(sent.readSlice(length: encoded.readableBytes) == encoded, "\(mix), slot \(slot)")
            }
            #expect(sent.readableBytes == 0)
        }
    }

    private func decode(_ buffer: inout ByteBuffer, version: UInt16 = ProtocolVersion.v1) throws -> ClientFrame {
        let length = Int(buffer.readInteger(as: UInt32.self)!)
        return try ClientFrame.decode(body: buffer.readSlice(length: length)!, version: version)
    }

    /// Keyed traffic greets in v2 and sends each change under a key of its own.
    @Test func keyedTrafficSpeaksV2WithANewKeyPerRequest() throws {
        let traffic = EspritTraffic(greeting: [AdminLoginRequest(key: "k")], mix: .grant(targets: [1, 2]), keyed: true)
        var greeting = ByteBuffer()
        _ = traffic.writeGreeting(into: &greeting)
        #expect(try decode(&greeting) == .hello(Hello(version: ProtocolVersion.v2, clientName: "esprit-bench")))
        #expect(try decode(&greeting, version: ProtocolVersion.v2) == .request(RequestFrame(requestId: 1, request: AdminLoginRequest(key: "k"))))
        var random = BenchRandom(seed: 3)
        var keys: Set<[UInt8]> = []
        for slot in 0..<10 {
            var buffer = ByteBuffer()
            _ = traffic.writeRequest(slot: slot, random: &random, into: &buffer)
            guard case let .request(request) = try decode(&buffer, version: ProtocolVersion.v2) else { Issue.record("not a request"); return }
            #expect(request.requestId == UInt32(slot + 1) && request.request is AdminGrantRequest)
            #expect(request.idempotencyKey.count == 16)
            keys.insert(request.idempotencyKey)
        }
        #expect(keys.count == 10)
    }

    private func operationName(_ request: any WireRequest) -> String {
        switch request {
        case is QuestRequest: "quest"
        case is GetProfileRequest: "profile"
        case is CollectRequest: "collect"
        case is SummonRequest: "summon"
        case is FuseRequest: "fuse"
        case is AwakenRequest: "awaken"
        default: "other"
        }
    }
}
