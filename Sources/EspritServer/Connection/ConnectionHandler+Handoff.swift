#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore
import NIOPosix

/// What a connection carries to its player's shard loop: everything of its session that is not
/// the socket itself.
struct ConnectionHandoff: Sendable {
    var playerId: UInt64
    /// An operator's session (`ADMIN_LOGIN`) survives a later `LOGIN` as a player.
    var isAdmin: Bool
    var address: String
    /// The protocol version the connection's `HELLO` negotiated.
    var version: UInt16
    /// Bytes read after the `LOGIN` and not yet taken: requests the client pipelined behind it.
    var frames: InboundFrames
    var logger: Logger
    var lastActivity: NIODeadline
}

/// Serving a logged-in player on the event loop of the player's shard.
///
/// Connections are accepted on whichever loop comes next, but a player's state lives on the
/// loop of shard `id % N`: a request on another loop would cross to that loop and its answer
/// cross back, two wake-ups and a closure each way for every request. So after a `LOGIN` for a
/// player of another loop's shard, the connection moves: it takes no further frame, sends every
/// answer it owes (the `LOGIN`'s last), then duplicates its socket, closes its own channel
/// without a word to the client, and registers the duplicate on the shard's loop, handing over
/// the bytes the client pipelined meanwhile. The client sees one TCP connection throughout.
///
/// If the socket cannot be duplicated (no descriptor to spare), the connection stays where it
/// is and its requests cross loops as before: slower, never wrong.
extension ConnectionHandler {
    /// Writes the last answer owed before the move and moves once it has reached the socket:
    /// closing the channel earlier would drop answers NIO still holds.
    func writeLastBeforeHandoff(_ reply: ByteBuffer, context: ChannelHandlerContext) {
        let moved = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(reply), promise: moved)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        moved.futureResult.whenSuccess {
            // In a later turn: the promise may complete inside the flush, deep in this handler.
            loop.execute { bound.value.handOff() }
        }
    }

    /// Moves this connection to ``handoffTarget``; see the type's documentation.
    private func handOff() {
        guard state.phase == .ready, let context, let target = handoffTarget, let playerId else { return }
        handoffTarget = nil
        let descriptor = try? context.pipeline.syncOperations.withUnsafeTransportIfAvailable(of: NIOBSDSocket.Handle.self) { dup($0) }
        guard let descriptor, descriptor >= 0 else {
            logger.debug("connection stays on its loop: its socket could not be duplicated", metadata: ["errno": "\(errno)"])
            endSessionChange()
            flushIfIdle()
            return
        }
        let handoff = ConnectionHandoff(
            playerId: playerId, isAdmin: isAdmin, address: address, version: state.version, frames: state.frames, logger: logger, lastActivity: state.lastActivity
        )
        // The admission count goes with the connection: this channel's close must not return it.
        admitted = false
        state.closed()
        stopWatchdog()
        // Deregisters and closes this descriptor only; the duplicate keeps the socket open and
        // sends nothing to the client.
        context.close(promise: nil)
        let server = self.server
        let logger = self.logger
        ClientBootstrap(group: target)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(server: server, arriving: handoff))
                }
            }
            .withConnectedSocket(descriptor)
            .whenComplete { result in
                switch result {
                case .success:
                    server.statistics.connectionHandedOff()
                case let .failure(error):
                    // Registering failed: NIO closed the channel and its descriptor, and the
                    // client sees the close. (Creating the channel cannot fail for a socket
                    // descriptor that was open a moment ago, short of the loop shutting down.)
                    logger.warning("a connection could not move to its player's loop and was closed", metadata: ["error": "\(error)"])
                    server.admission.release(handoff.address)
                }
            }
    }

    /// Takes over the session a connection on another loop handed over (its ``ConnectionState``
    /// already holds the frames and the authentication).
    func adopt(_ handoff: ConnectionHandoff) {
        admitted = true
        playerId = handoff.playerId
        isAdmin = handoff.isAdmin
        address = handoff.address
        logger = handoff.logger
        armWatchdog()
    }
}
