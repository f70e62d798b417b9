/// ``RetainedKeys``' index: the number of the newest entry kept under each key hash, in one
/// array of 8-byte slots with linear probing, at most half full.
///
/// A slot holds the hash's upper 32 bits as a tag (which also places it) and the entry number's
/// lower 32 bits; the caller confirms a tag's match against the entry's full hash. A
/// `Dictionary` from hash to number took 16 bytes a slot, in separate arrays of keys and values:
/// this table is half the size, 16 bytes a key at most half full, and took a retained key from
/// 218–231 to 192–194 bytes (bench/RESULTS.md, "Memory per retained key"). A key's probe stays
/// within one line or two; the line it misses, one per look-up as before, is what a keyed
/// change still pays here.
///
/// Live numbers span less than 2³², so the lower 32 bits name an entry; the caller restores
/// the rest. The caller also sizes the table by its count of entries (``makeRoom(for:)``,
/// ``shrink(toFit:)``), at least the count of keys here, so that the table keeps no count of
/// its own: every player carries the index, keys or not.
struct KeyIndex {
    /// 0: empty; otherwise `tag << 32 | number`, whose tag is never 0.
    private var slots: [UInt64] = []

    /// The smallest table a player with keys keeps.
    private static let minimumSlots = 8

    /// The slots the table holds: what it costs the player.
    var capacity: Int { slots.count }

    /// The number kept under `hash`: the first whose tag matches and that `confirm` accepts
    /// (its entry's full hash is `hash`).
    func find(_ hash: Int, confirm: (UInt32) -> Bool) -> UInt32? {
        guard !slots.isEmpty else { return nil }
        let tag = Self.tag(of: hash)
        var position = home(of: tag)
        while slots[position] != 0 {
            let slot = slots[position]
            if Self.tag(in: slot) == tag, confirm(Self.number(in: slot)) { return Self.number(in: slot) }
            position = (position + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Grows the table, if need be, to hold `count` keys at most half full.
    mutating func makeRoom(for count: Int) {
        if count * 2 > slots.count { rehash(capacity: max(Self.minimumSlots, slots.count * 2)) }
    }

    /// Keeps `number` under `hash`, in place of the number `confirm` accepts for it if any (a
    /// key used again). The table has room (``makeRoom(for:)``).
    mutating func set(_ hash: Int, to number: UInt32, confirm: (UInt32) -> Bool) {
        let tag = Self.tag(of: hash)
        var position = home(of: tag)
        while slots[position] != 0 {
            if Self.tag(in: slots[position]) == tag, confirm(Self.number(in: slots[position])) {
                slots[position] = Self.slot(tag: tag, number: number)
                return
            }
            position = (position + 1) & (slots.count - 1)
        }
        slots[position] = Self.slot(tag: tag, number: number)
    }

    /// Removes `number` from under `hash`, if it is still the one kept there: a key used again
    /// since keeps its newer number.
    mutating func remove(_ hash: Int, number: UInt32) {
        guard !slots.isEmpty else { return }
        let wanted = Self.slot(tag: Self.tag(of: hash), number: number)
        var position = home(of: Self.tag(of: hash))
        while slots[position] != wanted {
            guard slots[position] != 0 else { return }
            position = (position + 1) & (slots.count - 1)
        }
        closeGap(at: position)
    }

    /// Gives back half the table once it would be less than an eighth full with `count` keys;
    /// with none, all of it.
    mutating func shrink(toFit count: Int) {
        if count == 0 {
            slots = []
        } else if slots.count > Self.minimumSlots, count * 8 <= slots.count {
            rehash(capacity: max(Self.minimumSlots, slots.count / 2))
        }
    }

    /// Empties slot `position` and moves up each later slot of the run that its own home no
    /// longer reaches past the gap (deletion without tombstones, so probes stay short).
    private mutating func closeGap(at position: Int) {
        let mask = slots.count - 1
        var gap = position
        var next = position
        while true {
            next = (next + 1) & mask
            guard slots[next] != 0 else { break }
            let home = home(of: Self.tag(in: slots[next]))
            // The slot stays when its home lies cyclically after the gap, up to itself.
            let stays = gap <= next ? (gap < home && home <= next) : (gap < home || home <= next)
            if !stays {
                slots[gap] = slots[next]
                gap = next
            }
        }
        slots[gap] = 0
    }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: capacity)
        for slot in old where slot != 0 {
            var position = home(of: Self.tag(in: slot))
            while slots[position] != 0 { position = (position + 1) & (capacity - 1) }
            slots[position] = slot
        }
    }

    /// Where a tag's probe starts: its bits above the one that marks a slot used.
    private func home(of tag: UInt32) -> Int {
        Int(tag >> 1) & (slots.count - 1)
    }

    private static func tag(of hash: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 32) | 1
    }

    private static func tag(in slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot >> 32) }
    private static func number(in slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot) }
    private static func slot(tag: UInt32, number: UInt32) -> UInt64 { UInt64(tag) << 32 | UInt64(number) }
}
