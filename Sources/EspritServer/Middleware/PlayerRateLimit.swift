import EspritGame
import EspritProtocol
import NIOCore

/// Refuses a player's request past its class's rate (``PlayerRateLimiter``) with
/// `RATE_LIMITED(retryAfterMs)`, before anything runs: the refusal costs a table lookup and
/// changes nothing. Counted in ``ServerStatistics/rateLimitedRequests`` and logged at debug.
/// Operations with no ``RateClass`` (sessions, catalog reads, operators') pass.
struct PlayerRateLimit: RequestLink {
    func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict {
        guard let rateClass = operation.rateClass, let playerId = call.playerId, let limiter = call.connection.rateLimiter,
            let retryAfterMs = limiter.take(playerId, rateClass, now: .now())
        else { return .proceed }
        call.server.statistics.rateLimited()
        call.connection.logger.debug("rate limited", metadata: [
            "playerId": "\(playerId)", "operation": "\(call.opcode.name)", "retryAfterMs": "\(retryAfterMs)",
        ])
        return .refused(GameError.rateLimited(retryAfterMs: retryAfterMs).wireError)
    }
}
