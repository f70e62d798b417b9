/// Which of a player's token buckets an operation takes from (``PlayerRateLimiter``): reads and
/// changes are limited apart, so that a client polling its profile cannot starve its own
/// quests, nor the reverse.
enum RateClass: Int, CaseIterable, Sendable {
    /// `GET_PROFILE`, `GET_COLLECTION`, `SUBSCRIBE`, `UNSUBSCRIBE`.
    case read
    /// The game operations (`QUEST` … `COLLECT`).
    case change
}
