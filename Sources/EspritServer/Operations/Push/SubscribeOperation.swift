import EspritGame
import EspritProtocol

/// `SUBSCRIBE` (v2): the logged-in player's events, pushed to this connection once durable.
/// The shard answers where the pushes start (``PlayerFollowers/Start``); the commits kept
/// since the client's LSN follow the answer, then every later commit as it is made.
enum SubscribeOperation: Operation {
    static let access = Access.player
    /// Each one replaces the connection's subscription; unlimited, a client could churn the
    /// shard's followers as fast as it sends.
    static let rateClass: RateClass? = .read

    static func run(_ message: SubscribeRequest, _ call: RequestCall) {
        guard let playerId = call.playerId else { return call.refuse(RequestMiddleware.loginRequired) }
        let connection = call.connection
        connection.endSubscription()
        connection.subscribedPlayer = playerId
        let (fromLSN, id, deliver) = (message.fromLsn, ObjectIdentifier(connection), connection.delivery(for: playerId))
        // Written by the shard before its reply is handed back to this loop, read after: the
        // handing back (synchronous, or NIO's `execute`) orders the two.
        nonisolated(unsafe) var backlog: [(lsn: UInt64, events: [GameEvent])] = []
        call.onShard(call.server.shard(for: playerId), { shard in
            let answer = shard.follow(playerId, fromLSN: fromLSN, id: id, deliver: deliver)
            backlog = (try? answer.result.get())?.backlog ?? []
            return ShardReply(answer) { SubscribeResponse(lsn: $0.lsn, reload: $0.reload) }
        }) { reply in
            call.answer(reply)
            for commit in backlog {
                connection.push(commit.events, of: playerId, lsn: commit.lsn, gateLSN: reply.lsn)
            }
        }
    }
}
