import EspritGame
import EspritProtocol
import EspritStorage
import Logging
import NIOCore
import NIOPosix

/// What each request does: the session checks, the shard it runs on, and how it is answered.
extension ConnectionHandler {
    /// Runs one decoded request and arranges its answer.
    func handle(_ frame: RequestFrame) {
        let command = CommandContext(
            correlationId: frame.correlationId.isEmpty ? server.commandIds.next() : frame.correlationId,
            commandId: server.commandIds.next(),
            now: server.clock.now()
        )
        let opcode = frame.request.opcode.rawValue
        let requestId = frame.requestId
        switch GameOperations.outcome(of: frame.request, command: command) {
        case let .rule(ruleOpcode, rule):
            return onPlayersShard(requestId: requestId, opcode: opcode) { shard, playerId in
                shard.play(playerId: playerId, opcode: ruleOpcode, rule)
            }
        case let .refused(error):
            return reply(to: requestId, opcode: opcode, ShardReply(.failure(error), lsn: 0))
        case .notARule:
            break
        }
        switch frame.request {
        case let .register(request):
            register(request, requestId: requestId, command: command)
        case let .login(request):
            if let retryAfter = server.loginThrottle.attempt(address) {
                return refuseRateLimited(requestId: requestId, opcode: opcode, retryAfterMs: retryAfter)
            }
            sessionChangeInFlight = true
            let token = request.token
            let playerId = request.playerId
            let shard = server.shard(for: playerId)
            onShard(shard, { $0.login(playerId: playerId, token: token) }) { connection, reply in
                if case .success = reply.result {
                    connection.playerId = playerId
                    connection.sessionAuthenticated()
                    connection.server.loginThrottle.refund(connection.address)
                    // Served from now on where the player lives (ConnectionHandler+Handoff).
                    connection.handoffTarget = shard.loop.inEventLoop ? nil : shard.loop
                }
                // A move takes frames again on the new loop; until then none is taken.
                let moving = connection.handoffTarget != nil
                connection.reply(to: requestId, opcode: opcode, reply)
                if !moving { connection.sessionChangeInFlight = false }
            }
        case .getProfile:
            let now = command.now
            onPlayersShard(requestId: requestId, opcode: opcode) { $0.profile(playerId: $1, now: now) }
        case .getCollection:
            onPlayersShard(requestId: requestId, opcode: opcode) { $0.collection(playerId: $1) }
        case .getCatalog:
            reply(to: requestId, opcode: opcode, ShardReply(.success(.getCatalog(server.catalog)), lsn: 0))
        case .getTables:
            reply(to: requestId, opcode: opcode, ShardReply(.success(.getTables(server.tables)), lsn: 0))
        case let .adminLogin(request):
            adminLogin(request, requestId: requestId, opcode: opcode)
        case let .adminGrant(request):
            guard isAdmin else { return refuseWithoutAdmin(requestId: requestId, opcode: opcode) }
            guard let currency = Currency(rawValue: request.currency) else {
                return reply(to: requestId, opcode: opcode, ShardReply(.failure(.validation(field: "currency", reason: "unknown currency code \(request.currency)")), lsn: 0))
            }
            onShard(server.shard(for: request.playerId), { $0.grant(playerId: request.playerId, currency: currency, amount: request.amount, context: command) }) { connection, reply in
                connection.reply(to: requestId, opcode: opcode, reply)
            }
        case let .adminLedger(request):
            guard isAdmin else { return refuseWithoutAdmin(requestId: requestId, opcode: opcode) }
            ledger(request, requestId: requestId, opcode: opcode)
        case let .adminServices(request):
            guard isAdmin else { return refuseWithoutAdmin(requestId: requestId, opcode: opcode) }
            reply(to: requestId, opcode: opcode, ShardReply(server.admin.services(request), lsn: 0))
        case let .adminExport(request):
            guard isAdmin else { return refuseWithoutAdmin(requestId: requestId, opcode: opcode) }
            let admin = server.admin
            answerLater(requestId: requestId, opcode: opcode) { await admin.export(request) }
        case let .adminBackup(request):
            guard isAdmin else { return refuseWithoutAdmin(requestId: requestId, opcode: opcode) }
            let admin = server.admin
            answerLater(requestId: requestId, opcode: opcode) { await admin.backup(request) }
        case .quest, .fuse, .awaken, .craft, .summon, .claimDaily, .setLeader, .build, .upgrade, .collect:
            // Answered above: GameOperations maps every one of them to a rule or a refusal.
            break
        }
    }

    /// Runs a long operation (an export, a backup) in a task and answers on this connection's
    /// loop when it is done; other requests go on meanwhile.
    private func answerLater(requestId: UInt32, opcode: UInt16, _ operation: @escaping @Sendable () async -> Result<Response, GameError>) {
        guard let context else { return }
        let promise = context.eventLoop.makePromise(of: Result<Response, GameError>.self)
        promise.completeWithTask { await operation() }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        promise.futureResult.whenSuccess { result in
            let connection = bound.value
            connection.reply(to: requestId, opcode: opcode, ShardReply(result, lsn: 0))
            connection.flushIfIdle()
        }
    }

    private func register(_ request: RegisterRequest, requestId: UInt32, command: CommandContext) {
        let opcode = Opcode.register.rawValue
        let token = Credentials.newToken()
        var random = SystemRandomNumberGenerator()
        let outcome = server.directory.register(
            name: request.name, tokenHash: Credentials.hash(token), context: command, rules: server.rules,
            journal: server.journal, random: &random
        )
        switch outcome {
        case let .registered(registration):
            // The install must happen even if this connection closes meanwhile: the player is
            // journaled, and the checkpointer waits for every journaled registration to land.
            let shard = server.shard(for: registration.player.id)
            if shard.loop.inEventLoop {
                shard.assumeIsolated { $0.install(registration) }
            } else {
                shard.loop.execute { shard.assumeIsolated { $0.install(registration) } }
            }
            let response = Response.register(RegisterResponse(playerId: registration.player.id, token: token))
            reply(to: requestId, opcode: opcode, ShardReply(.success(response), lsn: registration.lsn))
        case let .refused(error, lsn):
            reply(to: requestId, opcode: opcode, ShardReply(.failure(error), lsn: lsn))
        }
    }

    private func adminLogin(_ request: AdminLoginRequest, requestId: UInt32, opcode: UInt16) {
        if let retryAfter = server.loginThrottle.attempt(address) {
            return refuseRateLimited(requestId: requestId, opcode: opcode, retryAfterMs: retryAfter)
        }
        guard let key = server.configuration.adminKey else {
            return sendError(requestId: requestId, opcode: opcode, WireError(message: "admin operations are disabled: the server has no admin key", details: .unauthorized))
        }
        guard Credentials.constantTimeEquals(Array(request.key.utf8), Array(key.utf8)) else {
            // Debug only: a guesser must not be able to fill the log (the throttle counts them).
            logger.debug("admin login refused: wrong key")
            return sendError(requestId: requestId, opcode: opcode, WireError(message: "wrong admin key", details: .unauthorized))
        }
        server.loginThrottle.refund(address)
        isAdmin = true
        sessionAuthenticated()
        reply(to: requestId, opcode: opcode, ShardReply(.success(.adminLogin(AdminLoginResponse())), lsn: 0))
    }

    private func refuseRateLimited(requestId: UInt32, opcode: UInt16, retryAfterMs: Int64) {
        sendError(requestId: requestId, opcode: opcode, WireError(
            message: "too many failed logins from \(address); retry in \(retryAfterMs) ms",
            details: .rateLimited(retryAfterMs: retryAfterMs)
        ))
    }

    /// Runs `work` on the logged-in player's shard and answers with its reply; without a login,
    /// answers `UNAUTHORIZED`.
    private func onPlayersShard(requestId: UInt32, opcode: UInt16, _ work: @escaping @Sendable (isolated Shard, UInt64) -> ShardReply) {
        guard let playerId else { return refuseWithoutLogin(requestId: requestId, opcode: opcode) }
        onShard(server.shard(for: playerId), { work($0, playerId) }) { connection, reply in
            connection.reply(to: requestId, opcode: opcode, reply)
        }
    }

    /// Reads the ledger on NIO's thread pool (it scans the journal files), then answers on this
    /// connection's loop once the newest entry it shows is durable.
    private func ledger(_ request: AdminLedgerRequest, requestId: UInt32, opcode: UInt16) {
        guard let context else { return }
        guard (1...10_000).contains(request.limit) else {
            return reply(to: requestId, opcode: opcode, ShardReply(.failure(.validation(field: "limit", reason: "must be 1–10000, got \(request.limit)")), lsn: 0))
        }
        guard server.directory.exists(request.playerId) else {
            return reply(to: requestId, opcode: opcode, ShardReply(.failure(.notFound(entity: "player", id: "\(request.playerId)")), lsn: 0))
        }
        let (store, journalDirectory, forceRecovery) = (server.checkpoints, server.configuration.journalDirectory, server.configuration.forceRecovery)
        let logger = self.logger
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) {
            try LedgerQuery.entries(
                store: store, journalDirectory: journalDirectory, forceRecovery: forceRecovery, playerId: request.playerId, limit: Int(request.limit),
                logger: logger
            )
        }.whenComplete { result in
            let connection = bound.value
            switch result {
            case let .success((entries, lsn)):
                connection.reply(to: requestId, opcode: opcode, ShardReply(.success(.adminLedger(AdminLedgerResponse(entries: entries))), lsn: lsn))
            case let .failure(error) where (error as? JournalError)?.isOutOfDescriptors == true:
                connection.logger.warning("ledger read refused: no file descriptor to spare", metadata: ["error": "\(error)"])
                connection.reply(to: requestId, opcode: opcode, ShardReply(.failure(.unavailable(reason: "the server is out of file descriptors; retry later")), lsn: 0))
            case let .failure(error):
                let correlationId = connection.server.commandIds.next()
                connection.logger.error("ledger read failed", metadata: ["error": "\(error)", "correlationId": "\(correlationId)"])
                connection.reply(to: requestId, opcode: opcode, ShardReply(.failure(.internal(correlationId: correlationId)), lsn: 0))
            }
            connection.flushIfIdle()
        }
    }

    private func refuseWithoutLogin(requestId: UInt32, opcode: UInt16) {
        sendError(requestId: requestId, opcode: opcode, WireError(message: "log in first", details: .unauthorized))
    }

    private func refuseWithoutAdmin(requestId: UInt32, opcode: UInt16) {
        sendError(requestId: requestId, opcode: opcode, WireError(message: "admin operation: send ADMIN_LOGIN first", details: .unauthorized))
    }

    /// Runs `work` on the shard's executor, then `completion` back on this connection's loop.
    /// On the shard's own loop both happen synchronously, with no hop and no task; otherwise
    /// the loop's courier carries it, batched with this turn's other crossings.
    private func onShard(
        _ shard: Shard, _ work: @escaping @Sendable (isolated Shard) -> ShardReply,
        completion: @escaping (ConnectionHandler, ShardReply) -> Void
    ) {
        guard let courier else { return }
        if shard.loop.inEventLoop {
            completion(self, shard.assumeIsolated(work))
            return
        }
        server.statistics.crossedToShard()
        courier.send(work, to: shard) { [self] reply in
            completion(self, reply)
            flushIfIdle()
        }
    }

    private func reply(to requestId: UInt32, opcode: UInt16, _ reply: ShardReply) {
        switch reply.result {
        case let .success(response):
            send(.response(ResponseFrame(requestId: requestId, response: response)), after: reply.lsn)
        case let .failure(error):
            send(.error(ErrorFrame(requestId: requestId, opcode: opcode, error: error.wireError)), after: reply.lsn)
        }
    }

    private func sendError(requestId: UInt32, opcode: UInt16, _ error: WireError) {
        send(.error(ErrorFrame(requestId: requestId, opcode: opcode, error: error)))
    }
}
