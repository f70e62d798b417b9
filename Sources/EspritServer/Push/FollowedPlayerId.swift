/// A player id as the key of ``PlayerFollowers``' table, hashed with a multiplication
/// instead of `Hasher`'s SipHash.
///
/// Every commit of a shard that follows anyone looks its player up in that table: SipHash of the
/// id took about 90 of the 140 instructions of the look-up (callgrind, bench/RESULTS.md,
/// session 33). Ids are the server's own, handed out in order, never chosen by a client, so
/// the table needs no protection against keys picked to collide; the mixing spreads
/// consecutive ids over the low bits the table's buckets use, and the table's per-instance
/// seed still perturbs them.
struct FollowedPlayerId: Hashable {
    let id: UInt64

    init(_ id: UInt64) {
        self.id = id
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    /// What `Dictionary` asks for in place of ``hash(into:)``: the id mixed with `seed`, its
    /// high half folded into the low, multiplied, and folded again, so that ids differing only
    /// in their high bits land apart too.
    func _rawHashValue(seed: Int) -> Int {
        var mixed = id ^ UInt64(truncatingIfNeeded: seed)
        mixed = (mixed ^ (mixed >> 32)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 32))
    }
}
