import EspritGame
import EspritProtocol
import EspritServer
import EspritStorage
import NIOCore

/// One fuzz input through the path a client's bytes take, in process and without sockets: the
/// server's framing (``InboundFrames``) at the anonymous or the logged-in frame limit, frame
/// decoding, the game rule each request maps to (``GameOperations``, from the server's operation
/// registry), the state the rule computed (checked against its events replayed), the events
/// encoded for the journal and decoded back, the reads, and every answer encoded as the server
/// would send it. A trap anywhere on that path is a crash libFuzzer reports.
///
/// `scripts/fuzz.sh` runs it under libFuzzer (`fuzz/`); the test suite replays the committed
/// corpus (`fuzz/corpus`) through it.
public enum RequestPathFuzzer {
    /// At most this many frames are taken from one input, so one input stays cheap.
    public static let maxFramesPerInput = 64

    /// Runs `input` and returns every frame the server would have sent, encoded.
    ///
    /// The first byte chooses the session: even, an anonymous connection (the small frame
    /// limit, no player); odd, a logged-in player who has played a little; its second bit, the
    /// protocol version (``version(of:)``). The rest is the byte stream, split at the position
    /// the second byte names, as two socket reads.
    public static func run(_ input: [UInt8]) -> [ByteBuffer] {
        guard input.count >= 2 else { return [] }
        let stream = ByteBuffer(bytes: input.dropFirst(2))
        let loggedIn = input[0] & 1 == 1
        let version = version(of: input)
        var session = Session(loggedIn: loggedIn, version: version)
        var frames = InboundFrames(maxFrameBytes: loggedIn ? FrameDecoder.defaultMaxFrameBytes : 1_024)
        let split = min(Int(input[1]), stream.readableBytes)
        var answers: [ByteBuffer] = []
        let now = NIODeadline.uptimeNanoseconds(0)
        for chunk in [stream.getSlice(at: 0, length: split), stream.getSlice(at: split, length: stream.readableBytes - split)] {
            guard let chunk, chunk.readableBytes > 0 else { continue }
            frames.append(chunk, now: now)
            while answers.count < maxFramesPerInput {
                let body: ByteBuffer
                do throws(FrameTooLargeError) {
                    guard let next = try frames.next(now: now) else { break }
                    body = next
                } catch {
                    answers.append(encode(.close(.frameTooLarge(error, beforeLogin: !loggedIn)), version: version))
                    return answers
                }
                guard let answer = session.answer(body) else { return answers }
                answers.append(encode(answer, version: version))
            }
        }
        return answers
    }

    /// The protocol version an input's connection speaks: v2 when the first byte's second bit
    /// is set, v1 otherwise.
    public static func version(of input: [UInt8]) -> UInt16 {
        input.first.map { $0 & 2 == 2 } == true ? ProtocolVersion.v2 : ProtocolVersion.v1
    }

    static func encode(_ frame: ServerFrame, version: UInt16) -> ByteBuffer {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer, version: version)
        return buffer
    }
}

/// The state one fuzz input plays against: the default rules, a clock, and one player.
private struct Session {
    private static let rules = Ruleset.default
    private static let start: Int64 = 1_795_219_200_000
    private var player: PlayerState
    private let loggedIn: Bool
    private let version: UInt16
    private var now = Session.start
    private var random = GameRandom()

    init(loggedIn: Bool, version: UInt16) {
        self.loggedIn = loggedIn
        self.version = version
        var seeded = SystemRandomNumberGenerator()
        let context = CommandContext(correlationId: "fuzz", commandId: "fuzz-0", now: Session.start)
        let events = (try? RegisterRule.run(playerId: 1, name: "Fuzzer", tokenHash: [UInt8](repeating: 7, count: 32), context: context, rules: Session.rules, random: &seeded).events) ?? []
        player = PlayerState(replaying: events)
        player.balances[.lumees] = 1_000_000
        player.balances[.revies] = 10_000
    }

    /// The frame the server sends for `body`, or nil where it closes without one more.
    mutating func answer(_ body: ByteBuffer) -> ServerFrame? {
        let frame: ClientFrame
        do throws(ClientFrameError) {
            frame = try ClientFrame.decode(body: body, version: version)
        } catch {
            switch error {
            case let .unreadable(error):
                return .close(.unreadableFrame(error))
            case let .badRequest(requestId, opcode, error):
                return .error(ErrorFrame(requestId: requestId, opcode: opcode, error: .malformedRequest(error)))
            }
        }
        guard case let .request(request) = frame else {
            return .welcome(Welcome(version: version, maxFrameBytes: UInt32(FrameDecoder.defaultMaxFrameBytes), serverTime: now))
        }
        now += 60_000
        let command = CommandContext(correlationId: request.correlationId, commandId: "fuzz", now: now)
        let opcode = request.opcode.rawValue
        switch GameOperations.outcome(of: request.request, command: command) {
        case let .rule(ruleOpcode, rule):
            guard loggedIn else { return refusal(request, opcode, .unauthorized) }
            do throws(GameError) {
                let outcome = try rule(player, Session.rules, &random)
                Self.checkJournalRoundTrip(outcome.events, key: request.key)
                Self.checkReplay(outcome, from: player)
                player = outcome.player
                return .response(ResponseFrame(requestId: request.requestId, opcode: ruleOpcode, response: EventsResponse(events: outcome.events.map(\.wireEvent))))
            } catch {
                return refusal(request, opcode, error)
            }
        case let .refused(error):
            // As the server's middleware: the session is checked before any field.
            guard loggedIn else { return refusal(request, opcode, .unauthorized) }
            return refusal(request, opcode, error)
        case .notARule:
            switch request.request {
            case is GetProfileRequest where loggedIn:
                return .response(ResponseFrame(requestId: request.requestId, answering: GetProfileRequest.self, PlayerReads.profile(player, now: now, rules: Session.rules)))
            case is GetCollectionRequest where loggedIn:
                return .response(ResponseFrame(requestId: request.requestId, answering: GetCollectionRequest.self, PlayerReads.collection(player, rules: Session.rules)))
            default:
                return refusal(request, opcode, .unauthorized)
            }
        }
    }

    private func refusal(_ request: RequestFrame, _ opcode: UInt16, _ error: GameError) -> ServerFrame {
        .error(ErrorFrame(requestId: request.requestId, opcode: opcode, error: error.wireError))
    }

    /// The server keeps the state a rule computed, and a restart rebuilds it from the events:
    /// the two must be the same player.
    private static func checkReplay(_ outcome: RuleOutcome, from player: PlayerState) {
        var replayed = player
        for event in outcome.events { replayed.apply(event) }
        precondition(replayed == outcome.player, "replaying a rule's events does not rebuild the state the rule computed")
    }

    /// The journal must give back exactly the events it was given, and a v2 request's
    /// idempotency key with them, as the commit the shard keeps under it.
    private static func checkJournalRoundTrip(_ events: [GameEvent], key: IdempotencyKey?) {
        guard !events.isEmpty else { return }
        let decoded = try? EventCodec.decode(EventCodec.encode(events))
        precondition(decoded == events, "the journal's codec changed events on the way back")
        guard let key else { return }
        let commitKey = CommitKey(key: key, request: [0, 4] + Array(key))
        var payload: [UInt8] = []
        EventCodec.appendKeyPrefix(commitKey, into: &payload)
        EventCodec.encode(events, into: &payload)
        let split = try? EventCodec.splitKey(payload[...])
        precondition(split?.key == commitKey, "the journal's key prefix changed the key on the way back")
        let kept = split.flatMap { try? KeyedCommit(key: commitKey, lsn: 1, at: events[0].at, payloads: EventCodec.payloads(of: $0.events)) }
        precondition(kept.flatMap { try? EventCodec.decodePayloads($0.payloadBytes) } == events.map(\.payload), "a kept commit's events changed")
    }
}
