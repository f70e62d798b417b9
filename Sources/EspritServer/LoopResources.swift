import NIOCore

/// What each event loop keeps for the connections it serves; used only on that loop.
final class LoopResources {
    /// Holds this loop's replies until what they reflect is durable.
    let gate: DurabilityGate
    /// Carries this loop's requests for shards on other loops.
    let courier: ShardCourier
    /// The token buckets of the players served on this loop.
    let rateLimiter: PlayerRateLimiter

    init(gate: DurabilityGate, courier: ShardCourier, rateLimiter: PlayerRateLimiter) {
        self.gate = gate
        self.courier = courier
        self.rateLimiter = rateLimiter
    }
}
