import NIOCore

/// What each event loop keeps for the connections it serves; used only on that loop.
final class LoopResources {
    /// Holds this loop's replies until what they reflect is durable.
    let gate: DurabilityGate
    /// Carries this loop's requests for shards on other loops.
    let courier: ShardCourier
    /// The token buckets of the players served on this loop.
    let rateLimiter: PlayerRateLimiter
    /// Flushes this loop's subscribers' events together.
    let pushFlusher: PushFlusher

    init(gate: DurabilityGate, courier: ShardCourier, rateLimiter: PlayerRateLimiter, pushFlusher: PushFlusher) {
        self.gate = gate
        self.courier = courier
        self.rateLimiter = rateLimiter
        self.pushFlusher = pushFlusher
    }
}
