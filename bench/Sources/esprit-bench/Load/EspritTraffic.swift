import EspritGame
import EspritProtocol
import NIOCore

/// Esprit frames for a load connection: `HELLO` and a login as greeting, then one operation
/// mix. Request ids are the slot plus one, so an answer names its slot; replies are read only
/// as far as their frame type, request id and error code.
///
/// The read, grant and quest mixes send frames encoded once, at set-up: each request copies
/// one and writes its request id in place (and, keyed, a fresh idempotency key).
///
/// Keyed traffic speaks protocol v2 and sends every change under a new 16-byte key, as a
/// client that may retry would: what idempotency keys cost the server. The generator shares the cores with the server, and
/// encoding every request through the protocol's existentials cost it about a tenth of its CPU.
struct EspritTraffic: LoadTraffic {
    enum Mix {
        /// `GET_PROFILE`.
        case profile
        /// `ADMIN_GRANT` of 1 lumee to a player picked at random among `targets`.
        case grant(targets: [UInt64])
        /// `QUEST` zone 1.
        case quest
        /// The `game` workload's session mix, on the player's own Esprits.
        case game(owned: [UInt32])
    }

    /// Requests sent after `HELLO`, before the measured ones.
    let greeting: [any WireRequest]
    let mix: Mix
    /// Protocol v2, with a new idempotency key on every request of the mix.
    let keyed: Bool
    /// The mix's requests encoded whole, with request id 0 (`.game` picks its own: empty);
    /// `.grant`'s hold one per target, in the order of `targets`.
    private let encodedRequests: [[UInt8]]

    /// Where a `REQUEST` frame's request id starts: after the length prefix and the frame type.
    static let requestIdOffset = 5
    /// Where a keyed v2 `REQUEST`'s key bytes start: after the request id, the opcode, the
    /// empty correlation id and the key's length.
    static let keyOffset = 15
    static let keyBytes = 16

    private var version: UInt16 { keyed ? ProtocolVersion.v2 : ProtocolVersion.v1 }

    init(greeting: [any WireRequest], mix: Mix, keyed: Bool = false) {
        self.greeting = greeting
        self.mix = mix
        self.keyed = keyed
        let key = keyed ? [UInt8](repeating: 0, count: Self.keyBytes) : []
        let version = keyed ? ProtocolVersion.v2 : ProtocolVersion.v1
        let requests: [any WireRequest] =
            switch mix {
            case .profile: [GetProfileRequest()]
            case let .grant(targets): targets.map { AdminGrantRequest(playerId: $0, currency: Currency.lumees.rawValue, amount: 1) }
            case .quest: [QuestRequest(zone: 1)]
            case .game: []
            }
        encodedRequests = requests.map { request in
            var buffer = ByteBuffer()
            ClientFrame.request(RequestFrame(requestId: 0, correlationId: "", idempotencyKey: key, request: request)).encode(into: &buffer, version: version)
            return Array(buffer.readableBytesView)
        }
    }

    var operations: [String] {
        switch mix {
        case .profile: ["profile"]
        case .grant: ["grant"]
        case .quest: ["quest"]
        case .game: ["quest", "profile", "collect", "summon", "fuse", "awaken"]
        }
    }

    static var answersInOrder: Bool { false }

    func writeGreeting(into buffer: inout ByteBuffer) -> Int {
        ClientFrame.hello(Hello(version: version, clientName: "esprit-bench")).encode(into: &buffer)
        for (index, request) in greeting.enumerated() {
            ClientFrame.request(RequestFrame(requestId: UInt32(index + 1), correlationId: "", request: request)).encode(into: &buffer, version: version)
        }
        return 1 + greeting.count
    }

    func writeRequest(slot: Int, random: inout BenchRandom, into buffer: inout ByteBuffer) -> Int {
        switch mix {
        case .profile, .quest:
            write(encodedRequests[0], slot: slot, random: &random, into: &buffer)
            return 0
        case let .grant(targets):
            write(encodedRequests[Int(random.next() % UInt64(targets.count))], slot: slot, random: &random, into: &buffer)
            return 0
        case let .game(owned):
            let (operation, request) = Self.nextInSession(owned: owned, &random)
            let key = keyed && !(request is GetProfileRequest) ? Self.newKey(&random) : []
            ClientFrame.request(RequestFrame(requestId: UInt32(slot + 1), correlationId: "", idempotencyKey: key, request: request))
                .encode(into: &buffer, version: version)
            return operation
        }
    }

    /// Copies a frame encoded in `init` and gives it the slot's request id, and a new key.
    private func write(_ frame: [UInt8], slot: Int, random: inout BenchRandom, into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeBytes(frame)
        buffer.setInteger(UInt32(slot + 1), at: start + Self.requestIdOffset)
        if keyed {
            buffer.setInteger(random.next(), at: start + Self.keyOffset)
            buffer.setInteger(random.next(), at: start + Self.keyOffset + 8)
        }
    }

    /// 16 random bytes.
    private static func newKey(_ random: inout BenchRandom) -> [UInt8] {
        withUnsafeBytes(of: (random.next(), random.next())) { Array($0) }
    }

    /// The `game` mix's next request, on the player's own Esprits.
    private static func nextInSession(owned: [UInt32], _ random: inout BenchRandom) -> (Int, any WireRequest) {
        let some = owned.isEmpty ? 1 : owned[Int(random.next() % UInt64(owned.count))]
        switch random.next() % 100 {
        case 0..<30: return (0, QuestRequest(zone: 1))
        case 30..<55: return (1, GetProfileRequest())
        case 55..<70: return (2, CollectRequest(type: "lumee_mine"))
        case 70..<80: return (3, SummonRequest(banner: "standard", pulls: 1))
        case 80..<90:
            let other = owned.isEmpty ? 1 : owned[Int(random.next() % UInt64(owned.count))]
            return (4, FuseRequest(first: some, second: other))
        default: return (5, AwakenRequest(baseId: some))
        }
    }

    func readReply(from buffer: inout ByteBuffer) throws -> LoadReply {
        let start = buffer.readerIndex
        guard let length = buffer.getInteger(at: start, as: UInt32.self), buffer.readableBytes >= 4 + Int(length) else { return .incomplete }
        guard length >= 1, let rawType = buffer.getInteger(at: start + 4, as: UInt8.self) else {
            throw BenchError("an empty frame from the server")
        }
        let requestId = buffer.getInteger(at: start + 5, as: UInt32.self).map(Int.init) ?? 0
        let reply: LoadReply
        switch FrameType(rawValue: rawType) {
        case .welcome:
            reply = .answer(slot: nil, .answered)
        case .response:
            reply = .answer(slot: requestId - 1, .answered)
        case .error:
            guard length >= 11, let code = buffer.getInteger(at: start + 11, as: UInt16.self) else {
                throw BenchError("a truncated ERROR frame from the server")
            }
            reply = .answer(slot: requestId - 1, Self.outcome(ErrorCode(rawValue: code)))
        case .event:
            reply = .unsolicited
        case .close:
            throw BenchError("the server sent CLOSE")
        case .hello, .request, .none:
            throw BenchError("an unexpected frame type \(rawType) from the server")
        }
        buffer.moveReaderIndex(forwardBy: 4 + Int(length))
        return reply
    }

    /// A game rule's refusal is an answer; a server that cannot serve the request is a failure.
    private static func outcome(_ code: ErrorCode?) -> LoadOutcome {
        switch code {
        case .validation, .notFound, .insufficient, .invalidOperation, .alreadyClaimed, .limitReached, .keyReused: .refused
        case .rateLimited: .limited
        case .unauthorized, .unavailable, .internal, .none: .failed
        }
    }
}
