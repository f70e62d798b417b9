import EspritGame
import EspritProtocol
import NIOCore

/// `EVENT` pushes to a subscribed connection (protocol/README.md, "Server push").
///
/// The player's shard hands each commit of the subscribed player to the connection's
/// ``PushQueue``; the durability gate holds one entry for the whole queue and releases the
/// commits that became durable in one write (``releasePushes(through:)``), in LSN order, never
/// before the `SUBSCRIBE` answer. Pushes are not requests: they hold no place among the
/// requests in flight, and a client that does not read them is cut off before the server
/// holds more than ``ConnectionLimits/maxUnsentEventBytes`` for it.
///
/// Events are flushed at most every ``PushSettings/flushDelay`` (or sooner, with an answer),
/// by the loop's ``PushFlusher``: under load a subscriber gets an event every commit, and a
/// send per commit cost the server a system call and, on loopback, the receiver's TCP work
/// each time (bench/RESULTS.md).
extension ConnectionHandler {
    /// The player this connection receives the events of (`SUBSCRIBE`), if any.
    var subscribedPlayer: UInt64? { subscription?.playerId }

    /// Starts a subscription to `playerId`, ending the one before, and returns what the shard
    /// calls with each commit of the player. Its pushes wait for ``subscriptionAnswered(at:)``.
    func startSubscription(to playerId: UInt64) -> PlayerFollowers.Delivery {
        endSubscription()
        subscriptionsStarted += 1
        let number = subscriptionsStarted
        subscription = PushSubscription(
            playerId: playerId, number: number,
            queue: PushQueue(limit: server.configuration.limits.maxUnsentEventBytes, allocator: allocator)
        )
        guard let loop = context?.eventLoop else { return { _, _ in } }
        let bound = NIOLoopBound(self, eventLoop: loop)
        return { events, lsn in
            // On the shard's loop (the usual case once the connection moved to its player's
            // loop), queued at once: queuing writes nothing and takes nothing, so it is safe
            // inside the shard's commit.
            if loop.inEventLoop {
                bound.value.queuePush(events, lsn: lsn, subscription: number)
            } else {
                loop.execute { bound.value.queuePush(events, lsn: lsn, subscription: number) }
            }
        }
    }

    /// The `SUBSCRIBE` answer, at `lsn`, is with the gate: the queued pushes may follow it.
    func subscriptionAnswered(at lsn: UInt64) {
        guard subscription != nil else { return }
        subscription?.answeredAt = lsn
        awaitGate()
    }

    /// Queues one commit's events for the subscriber, if subscription `number` is still this
    /// connection's; the gate is asked to release them once durable.
    private func queuePush(_ events: [GameEvent], lsn: UInt64, subscription number: UInt64) {
        guard !isClosed, subscription?.number == number else { return }
        if subscription?.queue.append(events, lsn: lsn) == false {
            subscription?.overflowed = true
        }
        awaitGate()
    }

    /// Gives the queue an entry at the gate, unless it has one or may not leave yet.
    private func awaitGate() {
        guard let subscription, !subscription.atGate, let lsn = subscription.releaseLSN, let gate else { return }
        self.subscription?.atGate = true
        gate.releasePushes(of: self, subscription: subscription.number, after: lsn)
    }

    /// Writes the queued commits at or below `durable`, the gate's entry for subscription
    /// `number` being due; returns the LSN its entry waits for next, or nil when it is done
    /// (or the subscription ended). Cuts the subscriber off instead when a commit did not fit
    /// in the queue, or when the bytes waiting behind a socket that takes no more would pass
    /// the limit.
    func releasePushes(through durable: UInt64, subscription number: UInt64) -> UInt64? {
        guard !isClosed, let context, var subscription, subscription.number == number else { return nil }
        subscription.atGate = false
        guard let answeredAt = subscription.answeredAt, answeredAt <= durable else {
            self.subscription = subscription
            return nil
        }
        let frames = subscription.queue.take(through: durable)
        let limit = server.configuration.limits.maxUnsentEventBytes
        var unsent = subscription.queue.byteCount + (frames?.readableBytes ?? 0)
        if !context.channel.isWritable {
            unsent += (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
        }
        if subscription.overflowed || unsent > limit {
            self.subscription = subscription
            server.statistics.subscriberCutOff()
            logger.debug("subscriber cut off: events unread", metadata: ["bytes": "\(unsent)"])
            close(with: WireError(
                message: "events are not being read: \(unsent) bytes wait for this connection; reconnect and SUBSCRIBE from the last LSN read",
                details: .limitReached(limit: Int64(limit), value: Int64(unsent))
            ))
            return nil
        }
        subscription.atGate = subscription.releaseLSN != nil
        let next = subscription.releaseLSN
        self.subscription = subscription
        if let frames {
            context.write(wrapOutboundOut(frames), promise: nil)
            scheduleEventFlush()
        }
        return next
    }

    /// Has the loop's ``PushFlusher`` flush what was written, unless it will already.
    private func scheduleEventFlush() {
        guard !eventFlushScheduled, let pushFlusher else { return }
        eventFlushScheduled = true
        pushFlusher.flushSoon(self)
    }

    /// Sends the events written since the last flush (``PushFlusher``'s call).
    func flushEvents() {
        eventFlushScheduled = false
        markNeedsFlush()
        flushIfIdle()
    }

    /// Ends this connection's subscription, if it has one, on the player's shard: by the way
    /// `SUBSCRIBE`'s follow went (the courier, from another loop), so that it arrives after it.
    /// Pushes not yet written are dropped: the client resumes from the last LSN it read.
    func endSubscription() {
        guard let playerId = subscribedPlayer else { return }
        subscription = nil
        let id = ObjectIdentifier(self)
        onShard(server.shard(for: playerId), { shard in
            shard.unfollow(playerId, id: id)
            return ShardReply(Result<UnsubscribeResponse, GameError>.success(UnsubscribeResponse()), lsn: 0)
        }, completion: { _ in })
    }
}
