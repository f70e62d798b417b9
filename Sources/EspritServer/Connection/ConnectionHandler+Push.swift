import EspritGame
import EspritProtocol
import NIOCore

/// `EVENT` pushes to a subscribed connection (protocol/README.md, "Server push").
///
/// The player's shard hands each commit of the subscribed player to ``push(_:of:after:)`` on
/// this connection's loop; each event waits at the durability gate like a reply, then leaves as
/// an `EVENT` frame in LSN order. Pushes are not requests: they hold no place among the
/// requests in flight, and a client that does not read them is cut off before the server
/// holds more than ``ConnectionLimits/maxUnsentEventBytes`` for it behind a full socket.
///
/// Events are flushed at most every ``PushSettings/flushDelay`` (or sooner, with an answer):
/// under load a subscriber gets an event every commit, and a send per commit cost the server
/// a system call and, on loopback, the receiver's TCP work each time (bench/RESULTS.md).
extension ConnectionHandler {
    /// What the shard calls with each commit of `playerId`: hops to this connection's loop
    /// unless it is the shard's.
    func delivery(for playerId: UInt64) -> PlayerFollowers.Delivery {
        guard let loop = context?.eventLoop else { return { _, _ in } }
        let bound = NIOLoopBound(self, eventLoop: loop)
        return { events, lsn in
            if loop.inEventLoop {
                bound.value.push(events, of: playerId, after: lsn)
            } else {
                loop.execute { bound.value.push(events, of: playerId, after: lsn) }
            }
        }
    }

    /// Queues `events` of one commit at `lsn` as `EVENT` frames, if this connection still
    /// follows `playerId`: the commit's frames in one buffer, which waits at the gate as one.
    func push(_ events: [GameEvent], of playerId: UInt64, after lsn: UInt64) {
        guard !isClosed, subscribedPlayer == playerId, let gate else { return }
        var buffer = allocator.buffer(capacity: 64 * events.count)
        for event in events {
            EventPush.encodeFrame(of: event.wireEvent, lsn: lsn, into: &buffer)
        }
        gate.send(buffer, after: lsn, on: self, isEvent: true)
        flushIfIdle()
    }

    /// Writes the `EVENT`s of one commit the gate released; cuts the subscriber off instead
    /// when the bytes waiting behind a socket that takes no more would pass the limit.
    func writeEvent(_ frame: ByteBuffer) {
        guard !isClosed, let context else { return }
        if !context.channel.isWritable {
            let buffered = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
            let limit = server.configuration.limits.maxUnsentEventBytes
            if buffered + frame.readableBytes > limit {
                server.statistics.subscriberCutOff()
                logger.debug("subscriber cut off: events unread", metadata: ["bytes": "\(buffered)"])
                return close(with: WireError(
                    message: "events are not being read: \(buffered) bytes wait for this connection; reconnect and SUBSCRIBE from the last LSN read",
                    details: .limitReached(limit: Int64(limit), value: Int64(buffered + frame.readableBytes))
                ))
            }
        }
        context.write(wrapOutboundOut(frame), promise: nil)
        scheduleEventFlush(context)
    }

    /// Flushes what was written once the push delay has passed, unless a flush is due already.
    private func scheduleEventFlush(_ context: ChannelHandlerContext) {
        let delay = server.configuration.push.flushDelay
        guard delay > .zero else { return markNeedsFlush() }
        guard !eventFlushScheduled else { return }
        eventFlushScheduled = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: delay) {
            let connection = bound.value
            connection.eventFlushScheduled = false
            connection.markNeedsFlush()
            connection.flushIfIdle()
        }
    }

    /// Ends this connection's subscription, if it has one, on the player's shard.
    func endSubscription() {
        guard let playerId = subscribedPlayer else { return }
        subscribedPlayer = nil
        let shard = server.shard(for: playerId)
        let id = ObjectIdentifier(self)
        if shard.loop.inEventLoop {
            shard.assumeIsolated { $0.unfollow(playerId, id: id) }
        } else {
            shard.loop.execute { shard.assumeIsolated { $0.unfollow(playerId, id: id) } }
        }
    }
}
