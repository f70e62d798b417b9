import EspritProtocol

/// `LOGIN`: binds the connection to a player whose token matches.
///
/// It changes the session, so the connection takes no frame after it until it is answered
/// (requests pipelined behind it run as that player). On success the connection then moves to
/// the player's shard loop (`ConnectionHandler+Handoff.swift`). Attempts count against the
/// address's login throttle; a success gives its token back.
enum LoginOperation: Operation {
    static let access = Access.none

    static func run(_ message: LoginRequest, _ call: RequestCall) {
        let connection = call.connection
        if let retryAfter = call.server.loginThrottle.attempt(connection.address) {
            return call.refuseRateLimited("failed logins", retryAfterMs: retryAfter)
        }
        connection.beginSessionChange()
        let (playerId, token) = (message.playerId, message.token)
        let shard = call.server.shard(for: playerId)
        call.onShard(shard, { ShardReply($0.login(playerId: playerId, token: token)) { LoginResponse(playerId: playerId) } }) { reply in
            if case .success = reply.result {
                connection.playerId = playerId
                connection.sessionAuthenticated()
                connection.server.loginThrottle.refund(connection.address)
                // Served from now on where the player lives.
                connection.handoffTarget = shard.loop.inEventLoop ? nil : shard.loop
            }
            // A move takes frames again on the new loop; until then none is taken.
            let moving = connection.handoffTarget != nil
            call.answer(reply)
            if !moving { connection.endSessionChange() }
        }
    }
}
