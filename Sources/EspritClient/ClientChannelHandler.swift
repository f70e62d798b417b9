import EspritProtocol
import NIOCore

/// A request on its way out, with the promise its answer will complete.
struct OutgoingRequest: Sendable {
    var correlationId: String
    var idempotencyKey: [UInt8]
    var request: any WireRequest
    var promise: EventLoopPromise<ResponseFrame>
}

/// Numbers outgoing requests, matches answers to them by request id, and fails everything still
/// waiting when the connection ends. Lives on the channel's event loop only.
///
/// ``EspritClient`` hands requests to ``send(_:)`` directly rather than writing them into the
/// pipeline: once the channel closes NIO removes its handlers, and a request written then would
/// never reach one that could fail it.
final class ClientChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let clientName: String
    /// The protocol version asked for in `HELLO`: the server answers in it or closes.
    private let version: UInt16
    private let handshake: EventLoopPromise<Welcome>
    /// Where `EVENT` pushes go (``EspritClient/events``); finished when the connection ends.
    private let pushes: AsyncStream<EventPush>.Continuation
    private var handshakeDone = false
    private var nextRequestId: UInt32 = 1
    private var waiting: [UInt32: EventLoopPromise<ResponseFrame>] = [:]
    private let requestTimeout: TimeAmount?
    private var timeouts: [UInt32: Scheduled<Void>] = [:]
    private var closeError: EspritClientError?
    private var context: ChannelHandlerContext?

    init(clientName: String, version: UInt16, handshake: EventLoopPromise<Welcome>, pushes: AsyncStream<EventPush>.Continuation, requestTimeout: TimeAmount?) {
        self.clientName = clientName
        self.version = version
        self.pushes = pushes
        self.handshake = handshake
        self.requestTimeout = requestTimeout
    }

    /// Sends `HELLO` as soon as the connection is up; `handshake` completes with the answer.
    func channelActive(context: ChannelHandlerContext) {
        var hello = context.channel.allocator.buffer(capacity: 32)
        ClientFrame.hello(Hello(version: version, clientName: clientName)).encode(into: &hello)
        context.writeAndFlush(wrapOutboundOut(hello), promise: nil)
        context.fireChannelActive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        failAll(closeError ?? .connectionLost)
    }

    /// Numbers and writes one request; fails it at once when the connection is gone.
    func send(_ outgoing: OutgoingRequest) {
        guard closeError == nil, let context else {
            outgoing.promise.fail(closeError ?? .connectionLost)
            return
        }
        let requestId = nextRequestId
        nextRequestId = nextRequestId == .max ? 1 : nextRequestId + 1
        waiting[requestId] = outgoing.promise
        if let requestTimeout {
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            timeouts[requestId] = context.eventLoop.scheduleTask(in: requestTimeout) {
                bound.value.timeouts[requestId] = nil
                bound.value.waiting.removeValue(forKey: requestId)?.fail(EspritClientError.requestTimedOut)
            }
        }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        let frame = RequestFrame(requestId: requestId, correlationId: outgoing.correlationId, idempotencyKey: outgoing.idempotencyKey, request: outgoing.request)
        ClientFrame.request(frame).encode(into: &buffer, version: version)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame: ServerFrame
        do {
            frame = try ServerFrame.decode(body: unwrapInboundIn(data), version: version)
        } catch {
            return fail(.protocolViolation("unreadable frame: \(error)"), context: context)
        }
        switch frame {
        case let .welcome(welcome):
            handshakeDone = true
            handshake.succeed(welcome)
        case let .response(response):
            timeouts.removeValue(forKey: response.requestId)?.cancel()
            waiting.removeValue(forKey: response.requestId)?.succeed(response)
        case let .error(error):
            timeouts.removeValue(forKey: error.requestId)?.cancel()
            waiting.removeValue(forKey: error.requestId)?.fail(EspritClientError.rejected(error.error))
        case let .event(push):
            pushes.yield(push)
        case let .close(error):
            fail(.closedByServer(error), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if closeError == nil { closeError = .connectionLost }
        failAll(closeError!)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.protocolViolation("\(error)"), context: context)
    }

    private func fail(_ error: EspritClientError, context: ChannelHandlerContext) {
        if closeError == nil { closeError = error }
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: EspritClientError) {
        pushes.finish()
        if !handshakeDone {
            handshakeDone = true
            handshake.fail(error)
        }
        let promises = waiting.values
        waiting.removeAll()
        for timeout in timeouts.values { timeout.cancel() }
        timeouts.removeAll()
        for promise in promises {
            promise.fail(error)
        }
    }
}
