import EspritGame
import EspritProtocol
import NIOCore

/// `EVENT` pushes to a subscribed connection (protocol/README.md, "Server push").
///
/// The player's shard hands each commit of the subscribed player to the connection's
/// ``PushQueue``; the loop's ``PushFlusher`` sends what the durability gate released through,
/// every ``PushSettings/flushDelay``, in LSN order and never before the `SUBSCRIBE` answer.
/// Pushes are not requests: they hold no place among the requests in flight, and a client that
/// does not read them is cut off at the first send that finds more than
/// ``ConnectionLimits/maxUnsentEventBytes`` waiting behind its full socket.
extension ConnectionHandler {
    /// The player this connection receives the events of (`SUBSCRIBE`), if any.
    var subscribedPlayer: UInt64? { subscription?.playerId }

    /// Starts a subscription to `playerId`, ending the one before, and returns its number and
    /// what the shard calls with each commit of the player. Its pushes wait for
    /// ``subscriptionAnswered(_:at:)``.
    func startSubscription(to playerId: UInt64) -> (number: UInt64, deliver: PlayerFollowers.Delivery) {
        endSubscription()
        subscriptionsStarted += 1
        let number = subscriptionsStarted
        subscription = PushSubscription(
            playerId: playerId, number: number, queue: PushQueue(allocator: allocator)
        )
        guard let loop = context?.eventLoop else { return (number, { _ in }) }
        let bound = NIOLoopBound(self, eventLoop: loop)
        return (number, { batch in
            // On the shard's loop (the usual case once the connection moved to its player's
            // loop), queued at once: queuing writes nothing and takes nothing, so it is safe
            // inside the shard's hand-over.
            if loop.inEventLoop {
                bound.value.queuePushes(batch, subscription: number)
            } else {
                // A connection that could not move to its player's loop: the batch already
                // waited for that loop's flush, so what is durable leaves now rather than after
                // this loop's as well (protocol/README.md promises one flush delay).
                loop.execute {
                    bound.value.queuePushes(batch, subscription: number)
                    bound.value.sendPushesNow()
                }
            }
        })
    }

    /// Subscription `number`'s `SUBSCRIBE` answer, at `lsn`, is with the gate: the queued
    /// pushes may follow it (unless a later `SUBSCRIBE` replaced it meanwhile).
    func subscriptionAnswered(_ number: UInt64, at lsn: UInt64) {
        guard subscription?.number == number else { return }
        subscription?.answeredAt = lsn
        awaitPushFlush()
    }

    /// Queues commits' frames for the subscriber, if subscription `number` is still this
    /// connection's, to leave with the loop's next flush once durable.
    private func queuePushes(_ batch: PushBatch, subscription number: UInt64) {
        guard !isClosed, subscription?.number == number else { return }
        subscription?.queue.append(batch)
        gate?.commitSoon(through: batch.lastLSN)
        awaitPushFlush()
    }

    /// Sends what the gate released of the queue outside the flusher's round, leaving the
    /// connection among the flusher's as it was: the flusher comes back for the rest, and a
    /// look that finds nothing left drops the connection from its round.
    private func sendPushesNow() {
        guard let gate else { return }
        let awaited = awaitsPushFlush
        _ = sendPushes(through: gate.releasedThrough)
        awaitsPushFlush = awaited
    }

    /// Puts this connection among the flusher's, unless it is or nothing may leave yet.
    private func awaitPushFlush() {
        guard !awaitsPushFlush, subscription?.releaseLSN != nil, let pushFlusher else { return }
        awaitsPushFlush = true
        pushFlusher.flushSoon(self)
    }

    /// Sends the queued commits at or below `released` (the flusher's call); returns whether
    /// the flusher should come back for more. Cuts the subscriber off instead when its socket
    /// takes no more and what waits for it (queued, and held by the channel) passes the limit.
    func sendPushes(through released: UInt64) -> Bool {
        guard !isClosed, let context, let releaseLSN = subscription?.releaseLSN else {
            awaitsPushFlush = false
            return false
        }
        guard releaseLSN <= released else { return true }
        // Taken in place: a copy of the subscription would copy the queue's arrays on change.
        let frames = subscription?.queue.take(through: released)
        let queued = subscription?.queue.byteCount ?? 0
        let more = queued > 0
        if !context.channel.isWritable {
            let held = (try? context.channel.syncOptions?.getOption(.bufferedWritableBytes)) ?? 0
            let unsent = held + queued + (frames?.readableBytes ?? 0)
            let limit = server.configuration.limits.maxUnsentEventBytes
            if unsent > limit {
                awaitsPushFlush = false
                server.statistics.subscriberCutOff()
                logger.debug("subscriber cut off: events unread", metadata: ["bytes": "\(unsent)"])
                close(with: WireError(
                    message: "events are not being read: \(unsent) bytes wait for this connection; reconnect and SUBSCRIBE from the last LSN read",
                    details: .limitReached(limit: Int64(limit), value: Int64(unsent))
                ))
                return false
            }
        }
        awaitsPushFlush = more
        if let frames {
            context.write(wrapOutboundOut(frames), promise: nil)
            markNeedsFlush()
            flushIfIdle()
        }
        return more
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
