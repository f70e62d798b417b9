/// A connection's subscription to its player's events (`SUBSCRIBE`): whose, which one, the
/// pushes waiting to leave, and whether they may.
struct PushSubscription {
    let playerId: UInt64
    /// Tells this subscription's deliveries from a replaced one's still on their way: a
    /// commit the shard handed to an ended subscription, from another loop, may arrive after
    /// the next `SUBSCRIBE` of the same player.
    let number: UInt64
    var queue: PushQueue
    /// The `SUBSCRIBE` answer's LSN, once the answer is handed to the durability gate; nil
    /// before. Nothing is pushed before the answer: the queue waits until the gate released
    /// through this LSN as well, which it does only once the answer is written.
    var answeredAt: UInt64?

    /// The LSN the gate must have released through before the queue sends: its oldest
    /// commit's, or the answer's when that is later; nil while nothing may leave.
    var releaseLSN: UInt64? {
        guard let answeredAt, let first = queue.firstLSN else { return nil }
        return max(first, answeredAt)
    }
}
