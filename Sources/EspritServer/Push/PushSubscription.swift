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
    /// A commit did not fit in ``queue``: the subscriber is cut off at the next flush.
    var overflowed = false

    /// The LSN the gate must have released through before the queue sends: its oldest
    /// commit's, or the answer's when that is later (or the answer's alone, to cut an
    /// overflowed subscriber off); nil while nothing may leave.
    var releaseLSN: UInt64? {
        guard let answeredAt else { return nil }
        guard let first = queue.firstLSN else { return overflowed ? answeredAt : nil }
        return max(first, answeredAt)
    }
}
