import NIOCore
import NIOPosix

/// A pipelining Redis connection: commands are written in order and their replies matched in
/// order, as RESP guarantees.
final class RESPClient: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    static func connect(host: String, port: Int) async throws -> RESPClient {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RESPHandler())
                }
            }
            .connect(host: host, port: port)
            .get()
        return RESPClient(channel: channel)
    }

    /// Sends one command and returns its reply (a Redis error reply is returned, not thrown).
    func command(_ arguments: String...) async throws -> RESPValue {
        try await command(arguments)
    }

    func command(_ arguments: [String]) async throws -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.writeAndFlush(RESPHandler.Request(arguments: arguments, reply: promise), promise: nil)
        return try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }
}

/// Encodes requests and completes their promises with the replies, first in first out.
private final class RESPHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    struct Request {
        var arguments: [String]
        var reply: EventLoopPromise<RESPValue>
    }

    private var waiting = CircularBuffer<EventLoopPromise<RESPValue>>()
    private var received: ByteBuffer?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        waiting.append(request.reply)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        RESPValue.writeCommand(request.arguments, into: &buffer)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if received == nil {
            received = incoming
        } else {
            received!.writeBuffer(&incoming)
        }
        do {
            while var buffer = received, let value = try RESPValue.read(from: &buffer) {
                received = buffer
                waiting.popFirst()?.succeed(value)
            }
            received?.discardReadBytes()
        } catch {
            fail(error, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        while let promise = waiting.popFirst() { promise.fail(RESPError.connectionClosed) }
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        while let promise = waiting.popFirst() { promise.fail(error) }
        context.close(promise: nil)
    }
}
