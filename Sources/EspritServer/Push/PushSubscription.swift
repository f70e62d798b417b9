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
    /// before. Nothing is pushed before the answer: the queue waits for this LSN as well, so
    /// the gate releases it only with or after the answer.
    var answeredAt: UInt64?
    /// Whether the durability gate holds an entry for ``queue`` (one at a time).
    var atGate = false
    /// A commit did not fit in ``queue``: the subscriber is cut off at the next release.
    var overflowed = false

    /// The LSN the gate waits for before it releases the queue: its oldest commit's, or the
    /// answer's when that is later (or the answer's alone, to cut an overflowed subscriber
    /// off); nil while nothing may leave.
    var releaseLSN: UInt64? {
        guard let answeredAt else { return nil }
        guard let first = queue.firstLSN else { return overflowed ? answeredAt : nil }
        return max(first, answeredAt)
    }
}
