import EspritProtocol

/// A logged-in player that survives lost connections, for game clients on real networks.
///
/// Every change goes out under an idempotency key the session generates. When the connection
/// drops or a request times out before its answer, the session reconnects, logs in again and
/// sends the same request under the same key: the server runs it once whatever became of the
/// first attempt, and answers a retry with the first answer (protocol/README.md, "Idempotency
/// keys"). Reads are sent again as they are. A rule's refusal is never retried: it is the answer.
public actor PlayerSession {
    public let host: String
    public let port: Int
    public let playerId: UInt64
    private let token: [UInt8]
    /// Tries per request, the first included.
    public let attempts: Int
    private let retryDelay: Duration
    private var client: EspritClient?

    public init(host: String, port: Int, playerId: UInt64, token: [UInt8], attempts: Int = 4, retryDelay: Duration = .milliseconds(250)) {
        self.host = host
        self.port = port
        self.playerId = playerId
        self.token = token
        self.attempts = max(1, attempts)
        self.retryDelay = retryDelay
    }

    /// 16 random bytes: unique enough that two changes of one player never share one.
    public static func newKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Sends a change (`QUEST` … `COLLECT`) that takes effect once, however many times the
    /// connection fails under it.
    public func change<Request: WireRequest>(_ request: Request, correlationId: String = "") async throws -> Request.Response {
        let key = Self.newKey()
        return try await retrying { client in try await client.send(request, correlationId: correlationId, idempotencyKey: key) }
    }

    /// Sends a read, again as it is after a lost connection.
    public func read<Request: WireRequest>(_ request: Request, correlationId: String = "") async throws -> Request.Response {
        try await retrying { client in try await client.send(request, correlationId: correlationId) }
    }

    public func close() async {
        await client?.close()
        client = nil
    }

    private func retrying<Response>(_ send: (EspritClient) async throws -> Response) async throws -> Response {
        var attempt = 1
        while true {
            do {
                return try await send(try await connected())
            } catch where attempt < attempts && Self.mayRetry(error) {
                await close()
                attempt += 1
                try await Task.sleep(for: retryDelay)
            }
        }
    }

    /// A connection logged in as the player: the one open, or a new one.
    private func connected() async throws -> EspritClient {
        if let client { return client }
        let fresh = try await EspritClient.connect(host: host, port: port, clientName: "esprit-player-session")
        do {
            _ = try await fresh.login(playerId: playerId, token: token)
        } catch {
            await fresh.close()
            throw error
        }
        client = fresh
        return fresh
    }

    /// Whether `error` leaves the request's fate unknown or the server unreachable (try again),
    /// rather than answered (a refusal, a bad argument: trying again changes nothing).
    private static func mayRetry(_ error: any Error) -> Bool {
        guard let error = error as? EspritClientError else { return true }
        switch error {
        case .connectionLost, .requestTimedOut, .handshakeTimedOut, .closedByServer: return true
        case .rejected, .protocolViolation, .invalidArgument: return false
        }
    }
}
