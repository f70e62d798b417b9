import EspritGame
import EspritProtocol
import EspritStorage
import NIOCore

/// How a decoded request reaches its operation, and how answers leave: the connection's side
/// of the request path. What each operation does is in `Operations/`.
extension ConnectionHandler {
    /// Runs one decoded request through the middleware to its operation (``OperationRegistry``).
    func handle(_ frame: RequestFrame) {
        let command = CommandContext(
            correlationId: frame.correlationId.isEmpty ? server.commandIds.next() : frame.correlationId,
            commandId: server.commandIds.next(),
            now: server.clock.now()
        )
        let opcode = frame.opcode
        let key = frame.key.map { commitKey($0, of: frame, opcode: opcode) }
        let call = RequestCall(requestId: frame.requestId, opcode: opcode, command: command, connection: self, idempotencyKey: key)
        guard let operation = OperationRegistry.entry(for: opcode) else {
            return call.refuse(WireError(message: "\(opcode.name) is not served", details: .invalidOperation(operation: opcode.name, reason: "not served")))
        }
        server.middleware.dispatch(frame.request, to: operation, call)
    }

    /// The key and the fingerprint of the request as the wire carried it (`opcode`, then
    /// fields): the same key with other bytes is another request. The caller has the opcode:
    /// the frame finds it through its request's dynamic type.
    private func commitKey(_ key: IdempotencyKey, of frame: RequestFrame, opcode: Opcode) -> CommitKey {
        let request = frame.fieldBytes.withUnsafeReadableBytes { RequestFingerprint(opcode: opcode.rawValue, fields: $0) }
        return CommitKey(key: key, request: request)
    }

    /// Runs a long operation (an export, a backup) in a task and answers `call` on this
    /// connection's loop when it is done; other requests go on meanwhile.
    func answerLater<Response: WireMessage>(_ call: RequestCall, _ operation: @escaping @Sendable () async -> Result<Response, GameError>) {
        guard let context else { return }
        let promise = context.eventLoop.makePromise(of: Result<Response, GameError>.self)
        promise.completeWithTask { await operation() }
        let bound = NIOLoopBound(call, eventLoop: context.eventLoop)
        promise.futureResult.whenSuccess { result in
            let call = bound.value
            call.answer(ShardReply(result, lsn: 0))
            call.connection.flushIfIdle()
        }
    }

    /// Runs `work` on the shard's executor, then `completion` back on this connection's loop.
    /// On the shard's own loop both happen synchronously, with no hop and no task; otherwise
    /// the loop's courier carries it, batched with this turn's other crossings.
    func onShard(_ shard: Shard, _ work: @escaping @Sendable (isolated Shard) -> ShardReply, completion: @escaping (ShardReply) -> Void) {
        if shard.loop.inEventLoop {
            return completion(shard.onLoop(work))
        }
        cross(work, to: shard, deliver: completion)
    }

    /// Runs `work` for `playerId` on the player's shard and answers `call` with its reply:
    /// synchronously on the shard's own loop, with no closure to allocate but `work`; through
    /// the courier otherwise.
    func answer(_ call: RequestCall, forPlayer playerId: UInt64, _ work: @escaping @Sendable (isolated Shard, UInt64) -> ShardReply) {
        let shard = server.shard(for: playerId)
        if shard.loop.inEventLoop {
            return call.answer(shard.onLoop { work($0, playerId) })
        }
        cross({ work($0, playerId) }, to: shard) { call.answer($0) }
    }

    /// Sends `work` to a shard on another loop through this loop's courier, batched with this
    /// turn's other crossings, and `deliver`s its reply back here; the courier flushes what the
    /// batch's deliveries wrote.
    private func cross(_ work: @escaping @Sendable (isolated Shard) -> ShardReply, to shard: Shard, deliver: @escaping (ShardReply) -> Void) {
        guard let courier else { return }
        server.statistics.crossedToShard()
        courier.send(work, to: shard, for: self, deliver: deliver)
    }

    /// Answers request `requestId` with `reply`'s response or error once its LSN is durable;
    /// requests that reached dispatch answer through ``RequestCall/answer(_:)`` instead.
    func reply(to requestId: UInt32, opcode: Opcode, _ reply: ShardReply) {
        switch reply.result {
        case let .success(response):
            send(.response(ResponseFrame(requestId: requestId, opcode: opcode, response: response)), after: reply.lsn)
        case let .failure(error):
            send(.error(ErrorFrame(requestId: requestId, opcode: opcode.rawValue, error: error.wireError)), after: reply.lsn)
        }
    }

    func sendError(requestId: UInt32, opcode: UInt16, _ error: WireError) {
        send(.error(ErrorFrame(requestId: requestId, opcode: opcode, error: error)))
    }
}
