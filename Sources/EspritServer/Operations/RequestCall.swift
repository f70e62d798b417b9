import EspritGame
import EspritProtocol
import EspritStorage
import NIOCore

/// One request on its way through the server, as the middleware and its operation see it:
/// who sent it, its business context, and how to answer it.
///
/// Used on the connection's event loop only. Every request is answered exactly once, through
/// ``answer(_:)`` or ``refuse(_:)``, now or later; the connection counts it in flight until then.
/// Every answer passes back through the middleware links the request passed
/// (``RequestMiddleware/send(_:to:)``).
struct RequestCall {
    let requestId: UInt32
    let opcode: Opcode
    let command: CommandContext
    let connection: ConnectionHandler
    /// A v2 request's idempotency key, with the request's fingerprint; nil when the request
    /// carries none. Held without the command, which the call holds already: a claim holds
    /// its strings, so each copy of the call copied it through its value witness.
    let idempotencyKey: CommitKey?
    /// How many of the middleware's links let this request through: those see its answer.
    var linksPassed = 0

    var server: ServerContext { connection.server }

    /// The key, for the player's shard to check and keep with the change; nil without one.
    var idempotency: IdempotencyClaim? {
        idempotencyKey.map { IdempotencyClaim(key: $0, command: command) }
    }

    /// The player this connection is logged in as, if any.
    var playerId: UInt64? { connection.playerId }

    /// Answers with `reply`'s response or error once its LSN is durable.
    func answer(_ reply: ShardReply) {
        server.middleware.send(.reply(reply), to: self)
    }

    /// Answers with `result`, which reflects nothing journaled (or nothing not yet durable).
    func answer<Response: WireMessage>(_ result: Result<Response, GameError>) {
        answer(ShardReply(result, lsn: 0))
    }

    /// Answers with `error`, which reflects nothing journaled.
    func fail(_ error: GameError) {
        answer(ShardReply(failure: error, lsn: 0))
    }

    /// Answers with an error the game's errors do not describe (a wording of the connection's).
    func refuse(_ error: WireError) {
        server.middleware.send(.refusal(error), to: self)
    }

    /// Runs `work` on `shard`, then `completion` on this connection's loop (no hop when the
    /// shard lives on it).
    func onShard(_ shard: Shard, _ work: @escaping @Sendable (isolated Shard) -> ShardReply, completion: @escaping (ShardReply) -> Void) {
        connection.onShard(shard, work, completion: completion)
    }

    /// Runs `work` for `playerId` on that player's shard and answers with its reply.
    func answer(forPlayer playerId: UInt64, _ work: @escaping @Sendable (isolated Shard, UInt64) -> ShardReply) {
        connection.answer(self, forPlayer: playerId, work)
    }

    /// Runs `work` on the logged-in player's shard and answers with its reply. The middleware
    /// has checked the login.
    func onPlayersShard(_ work: @escaping @Sendable (isolated Shard, UInt64) -> ShardReply) {
        guard let playerId else { return refuse(RequestMiddleware.loginRequired) }
        answer(forPlayer: playerId, work)
    }

    /// Runs a long operation (an export, a backup) in a task and answers on this connection's
    /// loop when it is done; other requests go on meanwhile.
    func answerLater<Response: WireMessage>(_ operation: @escaping @Sendable () async -> Result<Response, GameError>) {
        connection.answerLater(self, operation)
    }
}
