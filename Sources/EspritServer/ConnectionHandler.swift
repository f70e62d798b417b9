import EspritGame
import EspritProtocol
import Logging
import NIOCore
import NIOPosix

/// One client connection: the handshake, then requests routed to shards, replies released by the
/// durability gate.
///
/// Requests are answered as soon as their shard and the journal allow, so answers to pipelined
/// requests may arrive out of order (each names its request id). Requests that change the
/// session (`LOGIN`) are the exception: requests after one wait until it has been processed, so
/// that a pipelined `LOGIN` + `GET_PROFILE` acts as the client wrote it.
///
/// Backpressure: with ``ServerConfiguration/maxRequestsInFlight`` requests unanswered, or while
/// the socket cannot take more output, the handler stops asking NIO to read.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case awaitingHello
        case ready
        case closed
    }

    /// A request that arrived while a session change was in flight.
    private enum Deferred {
        case request(RequestFrame)
        case malformed(ErrorFrame)
    }

    private let server: ServerContext
    private var logger: Logger
    private var state = State.awaitingHello
    private var context: ChannelHandlerContext?
    private var gate: DurabilityGate?
    /// The player this connection acts for, after a successful `LOGIN`.
    private var playerId: UInt64?
    private var isAdmin = false
    private var sessionChangeInFlight = false
    private var deferred = CircularBuffer<Deferred>()
    /// Requests received and not yet answered on the socket.
    private var inFlight = 0
    private var readPending = false
    private var reading = false
    private var needsFlush = false

    init(server: ServerContext) {
        self.server = server
        self.logger = server.logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.gate = server.gate(for: context.eventLoop)
        logger[metadataKey: "peer"] = "\(context.remoteAddress.map { "\($0)" } ?? "?")"
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        state = .closed
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .closed
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state != .closed else { return }
        reading = true
        let body = unwrapInboundIn(data)
        do throws(ClientFrameError) {
            switch try ClientFrame.decode(body: body) {
            case let .hello(hello):
                handleHello(hello)
            case let .request(request):
                guard state == .ready else { return closeBeforeHello() }
                inFlight += 1
                handle(request)
            }
        } catch {
            switch error {
            case let .unreadable(error):
                close(with: WireError(message: "unreadable frame: \(error)", details: .validation(field: error.field, reason: error.reason)))
            case let .badRequest(requestId, opcode, error):
                guard state == .ready else { return closeBeforeHello() }
                inFlight += 1
                let wire = WireError(message: "malformed request: \(error)", details: .validation(field: error.field, reason: error.reason))
                let frame = ErrorFrame(requestId: requestId, opcode: opcode, error: wire)
                if sessionChangeInFlight {
                    deferred.append(.malformed(frame))
                } else {
                    send(.error(frame))
                }
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        flushIfIdle()
    }

    func read(context: ChannelHandlerContext) {
        if inFlight >= server.configuration.maxRequestsInFlight || !context.channel.isWritable {
            readPending = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReadingIfAllowed()
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let tooLarge = error as? FrameTooLargeError {
            close(with: WireError(
                message: "frame of \(tooLarge.length) bytes exceeds the \(tooLarge.maxFrameBytes)-byte limit",
                details: .limitReached(limit: Int64(tooLarge.maxFrameBytes), value: Int64(tooLarge.length))
            ))
        } else {
            logger.debug("connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    /// Queues one reply for the socket (the durability gate calls this once the reply may
    /// leave); ``flushIfIdle()`` sends it.
    func write(_ reply: ByteBuffer) {
        guard state != .closed, let context else { return }
        context.write(wrapOutboundOut(reply), promise: nil)
        needsFlush = true
        inFlight -= 1
        resumeReadingIfAllowed()
    }

    /// Flushes queued frames unless a read burst is in progress, whose end flushes them all at once.
    func flushIfIdle() {
        guard needsFlush, !reading, let context else { return }
        needsFlush = false
        context.flush()
    }

    private func resumeReadingIfAllowed() {
        guard readPending, let context, inFlight < server.configuration.maxRequestsInFlight, context.channel.isWritable else { return }
        readPending = false
        context.read()
    }

    private func handleHello(_ hello: Hello) {
        guard state == .awaitingHello else {
            return close(with: WireError(message: "HELLO was already accepted", details: .invalidOperation(operation: "HELLO", reason: "already accepted")))
        }
        guard hello.magic == Hello.magic else {
            return close(with: WireError(message: "not an Esprit client", details: .validation(field: "magic", reason: "expected 0x45535052 (\"ESPR\")")))
        }
        guard ProtocolVersion.supported.contains(hello.version) else {
            let range = ProtocolVersion.supported
            return close(with: WireError(
                message: "protocol version \(hello.version) is not supported",
                details: .validation(field: "version", reason: "this server speaks versions \(range.lowerBound)–\(range.upperBound)")
            ))
        }
        guard let context else { return }
        state = .ready
        logger[metadataKey: "client"] = "\(hello.clientName)"
        var buffer = context.channel.allocator.buffer(capacity: 32)
        ServerFrame.welcome(Welcome(version: hello.version, maxFrameBytes: UInt32(server.configuration.maxFrameBytes), serverTime: server.clock.now()))
            .encode(into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
        flushIfIdle()
    }

    private func handle(_ frame: RequestFrame) {
        if sessionChangeInFlight {
            deferred.append(.request(frame))
            return
        }
        let command = CommandContext(
            correlationId: frame.correlationId.isEmpty ? server.commandIds.next() : frame.correlationId,
            commandId: server.commandIds.next(),
            now: server.clock.now()
        )
        let opcode = frame.request.opcode.rawValue
        let requestId = frame.requestId
        switch frame.request {
        case let .register(request):
            register(request, requestId: requestId, command: command)
        case let .login(request):
            sessionChangeInFlight = true
            let token = request.token
            let playerId = request.playerId
            onShard(server.shard(for: playerId), { $0.login(playerId: playerId, token: token) }) { connection, reply in
                if case .success = reply.result { connection.playerId = playerId }
                connection.reply(to: requestId, opcode: opcode, reply)
                connection.sessionChangeInFlight = false
                connection.handleDeferred()
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
        case let .quest(request):
            play(requestId: requestId, command: command, opcode: .quest) { player, rules, random throws(GameError) in
                try QuestRule.events(player: player, zone: Int(request.zone), context: command, rules: rules, random: &random)
            }
        case let .fuse(request):
            play(requestId: requestId, command: command, opcode: .fuse) { player, rules, random throws(GameError) in
                try FuseRule.events(player: player, first: request.first, second: request.second, context: command, rules: rules, random: &random)
            }
        case let .awaken(request):
            play(requestId: requestId, command: command, opcode: .awaken) { player, rules, _ throws(GameError) in
                try AwakenRule.events(player: player, baseId: request.baseId, context: command, rules: rules)
            }
        case let .craft(request):
            guard let element = Element(rawValue: request.element) else {
                return reply(to: requestId, opcode: opcode, ShardReply(.failure(.validation(field: "element", reason: "unknown element code \(request.element)")), lsn: 0))
            }
            play(requestId: requestId, command: command, opcode: .craft) { player, rules, random throws(GameError) in
                try CraftRule.events(player: player, element: element, tier: Int(request.tier), context: command, rules: rules, random: &random)
            }
        case let .summon(request):
            play(requestId: requestId, command: command, opcode: .summon) { player, rules, random throws(GameError) in
                try SummonRule.events(player: player, banner: request.banner, pulls: Int(request.pulls), context: command, rules: rules, random: &random)
            }
        case .claimDaily:
            play(requestId: requestId, command: command, opcode: .claimDaily) { player, rules, random throws(GameError) in
                try DailyRule.events(player: player, context: command, rules: rules, random: &random)
            }
        case let .setLeader(request):
            play(requestId: requestId, command: command, opcode: .setLeader) { player, rules, _ throws(GameError) in
                try LeaderRule.events(player: player, baseId: request.baseId, context: command, rules: rules)
            }
        case let .build(request):
            play(requestId: requestId, command: command, opcode: .build) { player, rules, _ throws(GameError) in
                try BuildingRules.build(player: player, type: request.type, context: command, rules: rules)
            }
        case let .upgrade(request):
            play(requestId: requestId, command: command, opcode: .upgrade) { player, rules, _ throws(GameError) in
                try BuildingRules.upgrade(player: player, type: request.type, context: command, rules: rules)
            }
        case let .collect(request):
            play(requestId: requestId, command: command, opcode: .collect) { player, rules, _ throws(GameError) in
                try BuildingRules.collect(player: player, type: request.type, context: command, rules: rules)
            }
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

    /// Processes what arrived during a session change, until the next session change.
    private func handleDeferred() {
        while !sessionChangeInFlight, let next = deferred.popFirst() {
            switch next {
            case let .request(frame): handle(frame)
            case let .malformed(frame): send(.error(frame))
            }
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
        case let .registered(player, lsn):
            // The install must happen even if this connection closes meanwhile: the player is
            // journaled, and the checkpointer waits for every journaled registration to land.
            let shard = server.shard(for: player.id)
            if shard.loop.inEventLoop {
                shard.assumeIsolated { $0.install(player, lsn: lsn) }
            } else {
                shard.loop.execute { shard.assumeIsolated { $0.install(player, lsn: lsn) } }
            }
            let response = Response.register(RegisterResponse(playerId: player.id, token: token))
            reply(to: requestId, opcode: opcode, ShardReply(.success(response), lsn: lsn))
        case let .refused(error, lsn):
            reply(to: requestId, opcode: opcode, ShardReply(.failure(error), lsn: lsn))
        }
    }

    private func adminLogin(_ request: AdminLoginRequest, requestId: UInt32, opcode: UInt16) {
        guard let key = server.configuration.adminKey else {
            return sendError(requestId: requestId, opcode: opcode, WireError(message: "admin operations are disabled: the server has no admin key", details: .unauthorized))
        }
        guard Credentials.constantTimeEquals(Array(request.key.utf8), Array(key.utf8)) else {
            logger.warning("admin login refused: wrong key")
            return sendError(requestId: requestId, opcode: opcode, WireError(message: "wrong admin key", details: .unauthorized))
        }
        isAdmin = true
        reply(to: requestId, opcode: opcode, ShardReply(.success(.adminLogin(AdminLoginResponse())), lsn: 0))
    }

    /// Runs `work` on the logged-in player's shard and answers with its reply; without a login,
    /// answers `UNAUTHORIZED`.
    private func onPlayersShard(requestId: UInt32, opcode: UInt16, _ work: @escaping @Sendable (isolated Shard, UInt64) -> ShardReply) {
        guard let playerId else { return refuseWithoutLogin(requestId: requestId, opcode: opcode) }
        onShard(server.shard(for: playerId), { work($0, playerId) }) { connection, reply in
            connection.reply(to: requestId, opcode: opcode, reply)
        }
    }

    /// Runs a game rule for the logged-in player (``Shard/play(playerId:opcode:context:_:)``).
    private func play(
        requestId: UInt32, command: CommandContext, opcode: Opcode,
        _ rule: @escaping @Sendable (PlayerState, Ruleset, inout SystemRandomNumberGenerator) throws(GameError) -> [GameEvent]
    ) {
        onPlayersShard(requestId: requestId, opcode: opcode.rawValue) { shard, playerId in
            shard.play(playerId: playerId, opcode: opcode, context: command, rule)
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
        let (store, journalDirectory) = (server.checkpoints, server.configuration.journalDirectory)
        let logger = self.logger
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        NIOThreadPool.singleton.runIfActive(eventLoop: context.eventLoop) {
            try LedgerQuery.entries(store: store, journalDirectory: journalDirectory, playerId: request.playerId, limit: Int(request.limit), logger: logger)
        }.whenComplete { result in
            let connection = bound.value
            switch result {
            case let .success((entries, lsn)):
                connection.reply(to: requestId, opcode: opcode, ShardReply(.success(.adminLedger(AdminLedgerResponse(entries: entries))), lsn: lsn))
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
    /// On the shard's own loop both happen synchronously, with no hop and no task.
    private func onShard(
        _ shard: Shard, _ work: @escaping @Sendable (isolated Shard) -> ShardReply,
        completion: @escaping (ConnectionHandler, ShardReply) -> Void
    ) {
        guard let context else { return }
        if shard.loop.inEventLoop {
            completion(self, shard.assumeIsolated(work))
            return
        }
        let connectionLoop = context.eventLoop
        let bound = NIOLoopBound((self, completion), eventLoop: connectionLoop)
        shard.loop.execute {
            let reply = shard.assumeIsolated(work)
            connectionLoop.execute {
                let (connection, completion) = bound.value
                completion(connection, reply)
                connection.flushIfIdle()
            }
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

    /// Hands a reply to the durability gate, which writes it once `lsn` is durable.
    private func send(_ frame: ServerFrame, after lsn: UInt64 = 0) {
        guard let context, let gate else { return }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        frame.encode(into: &buffer)
        gate.send(buffer, after: lsn, on: self)
        flushIfIdle()
    }

    private func closeBeforeHello() {
        close(with: WireError(message: "the first frame must be HELLO", details: .validation(field: "frameType", reason: "expected HELLO")))
    }

    /// Sends `CLOSE` and closes once it is written; nothing more is read from this connection.
    private func close(with error: WireError) {
        guard state != .closed, let context else { return }
        logger.info("closing connection", metadata: ["error": "\(error)"])
        state = .closed
        var buffer = context.channel.allocator.buffer(capacity: 64)
        ServerFrame.close(error).encode(into: &buffer)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in
            boundContext.value.close(promise: nil)
        }
    }
}
