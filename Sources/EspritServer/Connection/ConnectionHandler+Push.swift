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
    /// What the shard calls with each commit of `playerId`: a task on this connection's loop,
    /// even when it is the shard's, so that a push never runs inside the shard's commit (where
    /// taking another connection's frames would enter the shard again).
    func delivery(for playerId: UInt64) -> PlayerFollowers.Delivery {
        guard let loop = context?.eventLoop else { return { _, _ in } }
        let bound = NIOLoopBound(self, eventLoop: loop)
        return { events, lsn in
            loop.execute { bound.value.push(events, of: playerId, lsn: lsn) }
        }
    }

    /// Queues `events` of one commit at `lsn` as `EVENT` frames, if this connection still
    /// follows `playerId`: the commit's frames in one buffer, which waits at the gate as one,
    /// until `lsn` is durable, or `gateLSN` when that is later (the answer a resume follows).
    func push(_ events: [GameEvent], of playerId: UInt64, lsn: UInt64, gateLSN: UInt64 = 0) {
        guard !isClosed, subscribedPlayer == playerId, let gate else { return }
        var buffer = allocator.buffer(capacity: 64 * events.count)
        for event in events {
            EventPush.encodeFrame(of: event.wireEvent, lsn: lsn, into: &buffer)
        }
        gate.send(buffer, after: max(lsn, gateLSN), on: self, isEvent: true)
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

    /// Flushes what was written once the push delay has passed (in a later task when there
    /// is none), unless a flush is scheduled already.
    private func scheduleEventFlush(_ context: ChannelHandlerContext) {
        guard !eventFlushScheduled else { return }
        eventFlushScheduled = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let flush: @Sendable () -> Void = {
            let connection = bound.value
            connection.eventFlushScheduled = false
            connection.markNeedsFlush()
            connection.flushIfIdle()
        }
        let delay = server.configuration.push.flushDelay
        if delay > .zero {
            context.eventLoop.scheduleTask(in: delay, flush)
        } else {
            context.eventLoop.execute(flush)
        }
    }

    /// Ends this connection's subscription, if it has one, on the player's shard: by the way
    /// `SUBSCRIBE`'s follow went (the courier, from another loop), so that it arrives after it.
    func endSubscription() {
        guard let playerId = subscribedPlayer else { return }
        subscribedPlayer = nil
        let id = ObjectIdentifier(self)
        onShard(server.shard(for: playerId), { shard in
            shard.unfollow(playerId, id: id)
            return ShardReply(Result<UnsubscribeResponse, GameError>.success(UnsubscribeResponse()), lsn: 0)
        }, completion: { _ in })
    }
}
