import EspritProtocol
import NIOCore
import NIOPosix

/// An async client for the Esprit protocol, used by the CLI, the benchmark and the tests.
///
/// Calls may be made concurrently from many tasks: they are pipelined on the one connection
/// and each is matched to its answer by request id.
public final class EspritClient: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<ClientChannelHandler>
    /// What the server said in its `WELCOME`; its `version` is the one this connection speaks.
    public let welcome: Welcome
    /// The `EVENT` frames the server pushes after a `SUBSCRIBE` (v2), in the order they
    /// arrive; it ends with the connection. It buffers what is not consumed: a client that
    /// subscribes reads it.
    public let events: AsyncStream<EventPush>

    private init(channel: any Channel, handler: NIOLoopBound<ClientChannelHandler>, welcome: Welcome, events: AsyncStream<EventPush>) {
        self.channel = channel
        self.handler = handler
        self.welcome = welcome
        self.events = events
    }

    /// Connects and performs the handshake.
    ///
    /// - Parameter version: the protocol version to speak; the newest by default. A server
    ///   that does not speak it closes the handshake.
    /// - Parameter requestTimeout: how long a request waits for its answer before failing with
    ///   ``EspritClientError/requestTimedOut``; nil waits for as long as the connection lives.
    /// - Throws: the connect error, or ``EspritClientError/closedByServer(_:)`` when the server
    ///   refuses the handshake.
    public static func connect(
        host: String, port: Int, clientName: String = "esprit-swift-client", version: UInt16 = ProtocolVersion.latest,
        handshakeTimeout: TimeAmount = .seconds(10), requestTimeout: TimeAmount? = .seconds(30),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> EspritClient {
        let loop = group.next()
        let handshake = loop.makePromise(of: Welcome.self)
        let (events, pushes) = AsyncStream<EventPush>.makeStream()
        let timeout = loop.scheduleTask(in: handshakeTimeout) { handshake.fail(EspritClientError.handshakeTimedOut) }
        handshake.futureResult.whenComplete { _ in timeout.cancel() }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(ClientChannelHandler(clientName: clientName, version: version, handshake: handshake, pushes: pushes, requestTimeout: requestTimeout))
                    }
                }
                .connect(host: host, port: port)
                .get()
        } catch {
            handshake.fail(error)
            throw error
        }
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ClientChannelHandler.self), eventLoop: channel.eventLoop)
            }.get()
            let welcome = try await handshake.futureResult.get()
            return EspritClient(channel: channel, handler: handler, welcome: welcome, events: events)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// Sends one request and waits for its answer, a message of the request's response type.
    ///
    /// - Parameter correlationId: ties the events this request causes to the caller's workflow;
    ///   empty lets the server generate one.
    /// - Parameter idempotencyKey: from v2, makes the change take effect once however often it
    ///   is sent with this key (1–64 bytes; empty for none).
    /// - Throws: ``EspritClientError``; `.rejected` carries the server's error code and details,
    ///   `.invalidArgument` a request the protocol cannot carry (nothing is sent then), and
    ///   `.protocolViolation` an answer for another operation.
    public func send<Request: WireRequest>(_ request: Request, correlationId: String = "", idempotencyKey: [UInt8] = []) async throws -> Request.Response {
        do {
            try RequestFrame.validate(correlationId: correlationId)
            try request.validateLengths()
        } catch {
            throw EspritClientError.invalidArgument(field: error.field, reason: error.reason)
        }
        guard idempotencyKey.count <= RequestFrame.maxIdempotencyKeyBytes else {
            throw EspritClientError.invalidArgument(field: "idempotencyKey", reason: "longer than \(RequestFrame.maxIdempotencyKeyBytes) bytes")
        }
        guard idempotencyKey.isEmpty || welcome.version >= ProtocolVersion.v2 else {
            throw EspritClientError.invalidArgument(field: "idempotencyKey", reason: "protocol v\(welcome.version) carries no key")
        }
        let promise = channel.eventLoop.makePromise(of: ResponseFrame.self)
        let outgoing = OutgoingRequest(correlationId: correlationId, idempotencyKey: idempotencyKey, request: request, promise: promise)
        let handler = self.handler
        channel.eventLoop.execute { handler.value.send(outgoing) }
        let answer = try await promise.futureResult.get()
        guard answer.opcode == Request.opcode, let response = answer.response as? Request.Response else {
            throw EspritClientError.protocolViolation("\(Request.opcode.name) answered with \(answer.opcode.name)")
        }
        return response
    }

    public func close() async {
        try? await channel.close()
    }
}
