import EspritGame
import EspritProtocol

/// `SUBSCRIBE` (v2): the logged-in player's events, pushed to this connection once durable.
/// The shard answers where the pushes start (``PlayerFollowers/Start``); the commits kept
/// since the client's LSN follow the answer, then every later commit as it is made: the
/// connection queues them from the start and releases none before the answer
/// (``ConnectionHandler/subscriptionAnswered(_:at:)``).
enum SubscribeOperation: Operation {
    static let access = Access.player
    /// Each one replaces the connection's subscription; unlimited, a client could churn the
    /// shard's followers as fast as it sends.
    static let rateClass: RateClass? = .read

    static func run(_ message: SubscribeRequest, _ call: RequestCall) {
        guard let playerId = call.playerId else { return call.refuse(RequestMiddleware.loginRequired) }
        let connection = call.connection
        let (fromLSN, id) = (message.fromLsn, ObjectIdentifier(connection))
        let (number, deliver) = connection.startSubscription(to: playerId)
        call.onShard(call.server.shard(for: playerId), { shard in
            ShardReply(shard.follow(playerId, fromLSN: fromLSN, id: id, deliver: deliver)) { SubscribeResponse(lsn: $0.lsn, reload: $0.reload) }
        }) { reply in
            call.answer(reply)
            connection.subscriptionAnswered(number, at: reply.lsn)
        }
    }
}
