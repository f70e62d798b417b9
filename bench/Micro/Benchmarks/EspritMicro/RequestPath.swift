#if canImport(Glibc)
import Glibc
#endif
import EspritGame
import EspritProtocol
import EspritServer
import EspritStorage
import Foundation
import Logging
import NIOCore
import Synchronization

/// The whole request path in one process: an `EspritServer` with one shard on one event loop
/// (so no request crosses loops) and durability `none` (the journal is written, not synced),
/// and a blocking client on loopback that sends one pre-encoded request and reads its answer
/// into a buffer it reuses. The client allocates nothing per request, so what the malloc
/// interposer counts per iteration is the server's cost of one request: from the bytes read,
/// through decoding, the middleware, the operation, the shard's rule and commit, the journal and
/// the durability gate, to the encoded answer written back.
final class RequestPathFixture: Sendable {
    static let shared = RequestPathFixture()

    private struct Running {
        var server: EspritServer
        var folder: String
        var admin: LoopbackClient
        var player: LoopbackClient
        /// An operator's session over protocol v2, for keyed grants.
        var keyedAdmin: LoopbackClient
    }

    private let running = Mutex<Running?>(nil)

    /// Frames sent by the benchmarks, encoded once.
    let grant: [UInt8]
    let quest: [UInt8]
    let profile: [UInt8]
    /// The grant over v2 under a 16-byte idempotency key, which starts at ``keyOffset``: each
    /// iteration writes its own number there, so every grant is a new key.
    let keyedGrant: [UInt8]
    let keyOffset: Int
    /// The last key number used: counted across runs of the benchmark, so that none repeats.
    let lastKey = Atomic<UInt64>(0)

    private init() {
        grant = Self.encode(AdminGrantRequest(playerId: 1, currency: 0, amount: 1))
        quest = Self.encode(QuestRequest(zone: 1))
        profile = Self.encode(GetProfileRequest())
        let marker = [UInt8](repeating: 0xA5, count: 16)
        let keyedGrant = Self.encode(AdminGrantRequest(playerId: 1, currency: 0, amount: 1), idempotencyKey: marker)
        self.keyedGrant = keyedGrant
        keyOffset = (0...(keyedGrant.count - marker.count)).first { Array(keyedGrant[$0..<$0 + marker.count]) == marker }!
    }

    var admin: LoopbackClient { running.withLock { $0!.admin } }
    var player: LoopbackClient { running.withLock { $0!.player } }
    var keyedAdmin: LoopbackClient { running.withLock { $0!.keyedAdmin } }

    func start() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("esprit-micro-\(UUID().uuidString)").path
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.dataDirectory = folder
        configuration.adminKey = "micro"
        configuration.durability = .none
        configuration.shardCount = 1
        configuration.eventLoopThreads = 1
        configuration.snapshotInterval = nil
        configuration.playerRateLimits = .off
        var config = GameConfig()
        config.quests.energyBase = 0
        config.quests.energyPerZone = 0
        let server = try await EspritServer(
            configuration: configuration, rules: Ruleset(config: config), logger: Logger(label: "micro") { _ in SwiftLogNoOpLogHandler() }
        )
        let admin = try LoopbackClient(port: server.localPort)
        try Self.expectResponse(admin.call(Self.encode(AdminLoginRequest(key: "micro"))))
        let player = try LoopbackClient(port: server.localPort)
        let registered = try player.call(Self.encode(RegisterRequest(name: "Bench")))
        guard case let .response(frame) = try ServerFrame.decode(body: ByteBuffer(bytes: registered)), let account = frame.response as? RegisterResponse else {
            throw LoopbackClient.Failure.unexpectedAnswer
        }
        try Self.expectResponse(player.call(Self.encode(LoginRequest(playerId: account.playerId, token: account.token))))
        let keyedAdmin = try LoopbackClient(port: server.localPort, version: ProtocolVersion.v2)
        try Self.expectResponse(keyedAdmin.call(Self.encode(AdminLoginRequest(key: "micro"), version: ProtocolVersion.v2)))
        // Each benchmarked request is answered, not refused: an error answer costs less and
        // would pass the thresholds.
        try Self.expectResponse(admin.call(grant))
        try Self.expectResponse(player.call(quest))
        try Self.expectResponse(player.call(profile))
        try Self.expectResponse(keyedAdmin.call(keyedGrant))
        running.withLock { $0 = Running(server: server, folder: folder, admin: admin, player: player, keyedAdmin: keyedAdmin) }
    }

    func stop() async throws {
        guard let stopped = running.withLock({ state -> Running? in defer { state = nil }; return state }) else { return }
        stopped.admin.close()
        stopped.player.close()
        stopped.keyedAdmin.close()
        try await stopped.server.shutdown()
        try? FileManager.default.removeItem(atPath: stopped.folder)
    }

    private static func expectResponse(_ body: ArraySlice<UInt8>) throws {
        guard case .response = try ServerFrame.decode(body: ByteBuffer(bytes: body)) else { throw LoopbackClient.Failure.unexpectedAnswer }
    }

    private static func encode(_ request: any WireRequest, idempotencyKey: [UInt8] = [], version: UInt16? = nil) -> [UInt8] {
        var buffer = ByteBuffer()
        let version = version ?? (idempotencyKey.isEmpty ? ProtocolVersion.v1 : ProtocolVersion.v2)
        ClientFrame.request(RequestFrame(requestId: 1, idempotencyKey: idempotencyKey, request: request)).encode(into: &buffer, version: version)
        return Array(buffer.readableBytesView)
    }
}

/// A blocking TCP client that sends a frame and reads the one frame that answers it.
final class LoopbackClient: Sendable {
    enum Failure: Error {
        case connect(Int32)
        case closed
        case unexpectedAnswer
    }

    private let fd: Int32
    /// The answer's bytes, reused by every call; only the benchmark's thread uses it.
    private nonisolated(unsafe) var answer = [UInt8](repeating: 0, count: 1 << 16)

    init(port: Int, version: UInt16 = ProtocolVersion.v1) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw Failure.connect(errno) }
        var hello = ByteBuffer()
        ClientFrame.hello(Hello(magic: Hello.magic, version: version, clientName: "esprit-micro")).encode(into: &hello)
        _ = try call(Array(hello.readableBytesView))
    }

    /// Sends `frame` and returns the body of the frame that answers it.
    @discardableResult
    func call(_ frame: [UInt8]) throws -> ArraySlice<UInt8> {
        frame.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let count = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { return }
                sent += count
            }
        }
        let length = try answer.withUnsafeMutableBytes { raw in
            var received = 0
            var needed = 4
            while received < needed {
                let count = recv(fd, raw.baseAddress! + received, raw.count - received, 0)
                guard count > 0 else { throw Failure.closed }
                received += count
                if received >= 4 {
                    needed = 4 + (Int(raw[0]) << 24 | Int(raw[1]) << 16 | Int(raw[2]) << 8 | Int(raw[3]))
                }
            }
            return needed
        }
        return answer[4..<length]
    }

    func close() {
        Glibc.close(fd)
    }
}
