import EspritGame
import EspritProtocol
import Logging
import NIOCore
import NIOPosix

/// One client connection's channel side: admission, reading, writing, the watchdog timer and
/// closing. Its decisions (framing, the handshake's phase, backpressure, the order of session
/// changes, deadlines) are ``ConnectionState``'s; what each request does is in `Operations/`,
/// reached through `ConnectionHandler+Requests.swift`.
///
/// Requests are answered as soon as their shard and the journal allow, so answers to pipelined
/// requests may arrive out of order (each names its request id). Requests that change the
/// session (`LOGIN`) are the exception: no frame after one is taken until it has been processed,
/// so that a pipelined `LOGIN` + `GET_PROFILE` acts as the client wrote it.
///
/// What a connection may cost is bounded by ``ConnectionLimits``:
/// - it is refused at once past the server's or its address's connection cap;
/// - until `LOGIN` (or `ADMIN_LOGIN`) a frame may hold at most `maxFrameBytesBeforeLogin`;
/// - frames are taken only within the in-flight and unsent-reply budgets, and reading stops
///   otherwise (``ConnectionState``);
/// - HELLO, each frame, and the next frame after an idle spell each have a deadline, watched
///   by one timer per connection.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let server: ServerContext
    var logger: Logger
    /// The connection's decisions (``ConnectionState``).
    var state: ConnectionState
    /// The protocol version this connection speaks, once `HELLO` negotiated it (v1 before).
    var version: UInt16 { state.version }
    var context: ChannelHandlerContext?
    var gate: DurabilityGate?
    var pushFlusher: PushFlusher?
    /// Carries requests for shards on other loops (``ShardCourier``).
    var courier: ShardCourier?
    /// This loop's token buckets for players (``PlayerRateLimiter``).
    var rateLimiter: PlayerRateLimiter?
    /// The remote IP address: the key of the per-address connection cap and throttles.
    var address = "?"
    /// This connection holds one of the admission counts; a handoff passes it on.
    var admitted = false
    /// What a connection handed over from another event loop brings (see
    /// `ConnectionHandler+Handoff.swift`); nil for a connection accepted here.
    private let arriving: ConnectionHandoff?
    /// The loop of the logged-in player's shard, when it is not this one: once every answer
    /// has left, the connection moves there.
    var handoffTarget: (any EventLoop)?
    /// The player this connection acts for, after a successful `LOGIN`; another `LOGIN`
    /// ends a subscription to the previous one.
    var playerId: UInt64? {
        didSet { if oldValue != playerId { endSubscription() } }
    }
    /// This connection's subscription to its player's events (`SUBSCRIBE`), if any.
    var subscription: PushSubscription?
    /// How many subscriptions this connection started: the next one's number.
    var subscriptionsStarted: UInt64 = 0
    /// The loop's ``PushFlusher`` holds this connection among those with pushes queued.
    var awaitsPushFlush = false
    var isAdmin = false
    private var reading = false
    /// The courier is delivering a batch of crossed replies: like a read burst, the batch's end
    /// flushes what they wrote (``holdFlush()``).
    private var flushHeld = false
    private var takingFrames = false
    /// More frames are waiting and a later turn of the event loop will take them.
    private var continuationScheduled = false
    private var needsFlush = false
    /// The journal counts this client among those waiting for an answer
    /// (``EspritStorage/Journal/clientBeganWaiting()``): it has a request in flight.
    private var waitsForAnswers = false
    private var watchdog: Scheduled<Void>?
    private var watchdogDeadline: NIODeadline?
    /// The channel's allocator, taken once: reaching it through `context.channel` on every
    /// reply cost NIO's channel and allocator getters, and their reference counts, each time.
    var allocator = ByteBufferAllocator()

    init(server: ServerContext, arriving: ConnectionHandoff? = nil) {
        self.server = server
        self.logger = server.logger
        let configuration = server.configuration
        if let arriving {
            self.state = ConnectionState(
                handedOver: arriving, limits: configuration.limits, maxRequestsInFlight: configuration.maxRequestsInFlight,
                maxFrameBytes: configuration.maxFrameBytes, now: .now()
            )
        } else {
            self.state = ConnectionState(
                limits: configuration.limits, maxRequestsInFlight: configuration.maxRequestsInFlight, maxFrameBytes: configuration.maxFrameBytes,
                now: .now()
            )
        }
        self.arriving = arriving
    }

    private var limits: ConnectionLimits { server.configuration.limits }

    var isClosed: Bool { state.phase == .closed }

    /// A `LOGIN` is under way: no frame is taken until ``endSessionChange()``.
    func beginSessionChange() {
        state.sessionChangeBegan()
    }

    func endSessionChange() {
        state.sessionChangeEnded()
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let resources = server.resources(for: context.eventLoop)
        self.gate = resources.gate
        self.courier = resources.courier
        self.rateLimiter = resources.rateLimiter
        self.pushFlusher = resources.pushFlusher
        allocator = context.channel.allocator
        let peer = context.channel.remoteAddress
        address = peer?.ipAddress ?? "?"
        logger[metadataKey: "peer"] = "\(peer.map { "\($0)" } ?? "?")"
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        state.closed()
        stopWaitingForAnswers()
        stopWatchdog()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if let arriving {
            adopt(arriving)
            context.fireChannelActive()
            takeFrames()
            flushIfIdle()
            return
        }
        if let refusal = server.admission.admit(address) {
            switch refusal {
            case let .serverFull(limit):
                close(with: WireError(
                    message: "the server already has its maximum of \(limit) connections (--max-connections)",
                    details: .limitReached(limit: Int64(limit), value: Int64(limit) + 1)
                ))
            case let .addressFull(address, limit):
                close(with: WireError(
                    message: "\(address) already has its maximum of \(limit) connections (--max-connections-per-address)",
                    details: .limitReached(limit: Int64(limit), value: Int64(limit) + 1)
                ))
            }
        } else {
            admitted = true
            armWatchdog()
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.closed()
        stopWaitingForAnswers()
        stopWatchdog()
        endSubscription()
        if admitted {
            admitted = false
            server.admission.release(address)
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isClosed else { return }
        reading = true
        state.received(unwrapInboundIn(data), now: .now())
        takeFrames()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        state.readBurstEnded(now: .now())
        armWatchdog()
        flushIfIdle()
    }

    /// Reads only when ``ConnectionState/shouldRead()`` allows; otherwise the read waits for
    /// the budget to free up (``flushIfIdle()``).
    func read(context: ChannelHandlerContext) {
        if state.shouldRead() {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        state.writabilityChanged(context.channel.isWritable, now: .now())
        armWatchdog()
        resumeIfAllowed()
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        state.closed()
        context.close(promise: nil)
    }

    // MARK: Frames in

    /// Frames one connection may take in one turn of its event loop: a client that pipelines
    /// thousands of requests gets them answered in turns, not ahead of every other connection
    /// on the loop.
    static let maxFramesPerTurn = 64

    /// Takes and handles the frames ``ConnectionState`` allows, at most ``maxFramesPerTurn`` now
    /// and the rest in later turns. Re-entrant calls (a reply written synchronously while
    /// handling a frame) return at once: the outer loop asks again before each frame.
    private func takeFrames() {
        guard !takingFrames else { return }
        takingFrames = true
        defer { takingFrames = false }
        var taken = 0
        while state.mayTakeFrames {
            guard taken < Self.maxFramesPerTurn else { return continueNextTurn() }
            switch state.nextFrame(now: .now()) {
            case nil:
                return
            case let .tooLarge(error):
                return close(with: .frameTooLarge(error, beforeLogin: playerId == nil && !isAdmin))
            case let .frame(body):
                taken += 1
                handleFrame(body)
            }
        }
    }

    private func continueNextTurn() {
        guard !continuationScheduled, let context else { return }
        continuationScheduled = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let connection = bound.value
            connection.continuationScheduled = false
            connection.flushIfIdle()
        }
    }

    private func handleFrame(_ body: ByteBuffer) {
        // Any REQUEST before HELLO closes naming the frame type, however little of it there is:
        // its header is not read first.
        if state.phase == .awaitingHello, body.getInteger(at: body.readerIndex, as: UInt8.self) == FrameType.request.rawValue {
            return closeBeforeHello()
        }
        do throws(ClientFrameError) {
            switch try ClientFrame.decode(body: body, version: state.version) {
            case let .hello(hello):
                handleHello(hello)
            case let .request(request):
                requestTaken()
                handle(request)
            }
        } catch {
            switch error {
            case let .unreadable(error):
                close(with: .unreadableFrame(error))
            case let .badRequest(requestId, opcode, error):
                requestTaken()
                send(.error(ErrorFrame(requestId: requestId, opcode: opcode, error: .malformedRequest(error))))
            }
        }
    }

    /// Counts a request in flight until its reply is written, and this client among those
    /// the journal's group commit waits for while any is.
    private func requestTaken() {
        state.requestTaken()
        if !waitsForAnswers {
            waitsForAnswers = true
            server.journal.clientBeganWaiting()
        }
    }

    /// Every request is answered, or the connection is gone: the journal stops counting this
    /// client as one that waits on its batches.
    private func stopWaitingForAnswers() {
        guard waitsForAnswers else { return }
        waitsForAnswers = false
        server.journal.clientStoppedWaiting()
    }

    private func handleHello(_ hello: Hello) {
        let version: UInt16
        switch state.receivedHello(hello) {
        case let .success(accepted): version = accepted
        case let .failure(error): return close(with: error)
        }
        guard let context else { return }
        logger[metadataKey: "client"] = "\(WireText.loggable(hello.clientName))"
        var buffer = allocator.buffer(capacity: 32)
        ServerFrame.welcome(Welcome(version: version, maxFrameBytes: UInt32(server.configuration.maxFrameBytes), serverTime: server.clock.now()))
            .encode(into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
        flushIfIdle()
    }

    /// After a successful `LOGIN` or `ADMIN_LOGIN`: frames up to the full limit are accepted.
    func sessionAuthenticated() {
        state.authenticated()
    }

    private func closeBeforeHello() {
        close(with: WireError(message: "the first frame must be HELLO", details: .validation(field: "frameType", reason: "expected HELLO")))
    }

    // MARK: Replies out

    /// The capacity a reply's buffer starts with: room for a game operation's events (a quest's
    /// answer is about 200 bytes), where a smaller start grew twice per answer (perf: realloc
    /// and copy under `reply`). Larger answers grow as needed.
    private static let replyCapacity = 256

    /// Hands a reply to the durability gate, which writes it once `lsn` is durable.
    func send(_ frame: ServerFrame, after lsn: UInt64 = 0) {
        guard context != nil, let gate else { return }
        var buffer = allocator.buffer(capacity: Self.replyCapacity)
        frame.encode(into: &buffer, version: state.version)
        state.replyQueued(bytes: buffer.readableBytes)
        gate.send(buffer, after: lsn, on: self)
        flushIfIdle()
    }

    /// Queues one reply for the socket (the durability gate calls this once the reply may
    /// leave); ``flushIfIdle()`` sends it.
    func write(_ reply: ByteBuffer) {
        state.replyWritten(bytes: reply.readableBytes, now: .now())
        if state.inFlight == 0 { stopWaitingForAnswers() }
        guard !isClosed, let context else { return }
        if handoffTarget != nil, state.inFlight == 0 {
            return writeLastBeforeHandoff(reply, context: context)
        }
        context.write(wrapOutboundOut(reply), promise: nil)
        needsFlush = true
    }

    /// Something was written that the next ``flushIfIdle()`` sends.
    func markNeedsFlush() {
        needsFlush = true
    }

    /// Takes frames that waited for the budget ``write(_:)`` freed, then flushes queued frames
    /// unless a read burst is in progress, whose end flushes them all at once.
    ///
    /// Frames are taken here rather than in ``write(_:)`` because the durability gate calls
    /// `write` while it walks its queue and calls this only once it is done.
    func flushIfIdle() {
        resumeIfAllowed()
        guard needsFlush, !reading, !flushHeld, let context else { return }
        needsFlush = false
        context.flush()
    }

    /// Holds ``flushIfIdle()`` back until ``releaseFlush()``, for the courier's batches.
    func holdFlush() {
        flushHeld = true
    }

    /// Ends ``holdFlush()`` and flushes what was written meanwhile.
    func releaseFlush() {
        flushHeld = false
        flushIfIdle()
    }

    /// Takes the frames that waited for budget, then reads again if reading had stopped.
    private func resumeIfAllowed() {
        guard state.hasFramesToResume, let context else { return }
        takeFrames()
        guard state.resumeReading(now: .now()) else { return }
        armWatchdog()
        context.read()
    }

    // MARK: Deadlines

    /// Schedules the watchdog for the next deadline unless it already fires by then: in steady
    /// traffic that is at most one reschedule per frame timeout, not one per frame.
    func armWatchdog() {
        guard !isClosed, context != nil else { return }
        let deadline = state.nextDeadline()
        if let scheduled = watchdogDeadline, scheduled <= deadline { return }
        watchdog?.cancel()
        schedule(at: deadline)
    }

    private func schedule(at deadline: NIODeadline) {
        guard let context else { return }
        watchdogDeadline = deadline
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        watchdog = context.eventLoop.scheduleTask(deadline: deadline) { bound.value.watchdogFired() }
    }

    func stopWatchdog() {
        watchdog?.cancel()
        watchdog = nil
        watchdogDeadline = nil
    }

    private func watchdogFired() {
        watchdog = nil
        watchdogDeadline = nil
        guard !isClosed else { return }
        let now = NIODeadline.now()
        switch state.expiry(at: now) {
        case .handshake:
            return close(with: WireError(
                message: "no HELLO within \(limits.handshakeTimeout.milliseconds) ms of connecting (--handshake-timeout)",
                details: .validation(field: "HELLO", reason: "not received within \(limits.handshakeTimeout.milliseconds) ms")
            ))
        case .frame:
            return close(with: WireError(
                message: "a frame was still incomplete \(limits.frameTimeout.milliseconds) ms after it began (--frame-timeout)",
                details: .validation(field: "frame", reason: "incomplete after \(limits.frameTimeout.milliseconds) ms")
            ))
        case .outputBlocked:
            // A CLOSE could not reach a client that reads nothing: just close.
            logger.debug("closing connection: its answers went unread", metadata: ["for": "\(limits.idleTimeout.milliseconds) ms"])
            state.closed()
            stopWatchdog()
            context?.close(promise: nil)
        case .idle:
            return close(with: WireError(
                message: "no request for \(limits.idleTimeout.milliseconds) ms (--idle-timeout)",
                details: .unavailable(reason: "idle for \(limits.idleTimeout.milliseconds) ms")
            ))
        case nil:
            // Nothing expired: activity moved a deadline (look again then), or the connection is
            // busy and a deadline that passed does not apply now (look again in a second).
            let next = state.nextDeadline()
            schedule(at: next > now ? next : now + .seconds(1))
        }
    }

    // MARK: Closing

    /// Sends `CLOSE` and closes once it is written, or after a second if the client does not
    /// read; nothing more is read from this connection.
    func close(with error: WireError) {
        guard !isClosed, let context else { return }
        logger.debug("closing connection", metadata: ["error": "\(error)"])
        state.closed()
        stopWatchdog()
        var buffer = allocator.buffer(capacity: 64)
        ServerFrame.close(error).encode(into: &buffer)
        let channel = context.channel
        channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

extension TimeAmount {
    /// Whole milliseconds, for messages.
    var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
