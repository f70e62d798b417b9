import CPrefetch

/// ``RetainedKeys``' index: the number of the newest entry kept under each key hash, in one
/// array of 8-byte slots with linear probing, and a byte per slot that a probe reads first.
///
/// A slot holds the hash's upper 32 bits as a tag (which also places it) and the entry number's
/// lower 32 bits; the caller confirms a tag's match against the entry itself. A `Dictionary`
/// from hash to number took 16 bytes a slot, in separate arrays of keys and values: this table
/// is half the size, 16 bytes a key at the bound (bench/RESULTS.md, "Memory per retained
/// key").
///
/// Each slot also has a control byte, in an array of their own: 0 for an empty slot, otherwise
/// seven bits of the tag. A probe walks the control bytes and reads a slot only where its byte
/// matches (one in 128 of the others), so a new key's look-up, the common case, reads no slot
/// at all. The 50 players of a keyed load hold 800 KB of slots, which the keys' rings, the
/// journal and the sockets push out of a core's cache between two look-ups of a line, and
/// 100 KB of control bytes, read eight times as often, which mostly stay: the look-up was a
/// missed line on every keyed change, and is one on about half now (bench/RESULTS.md, "What
/// keys and push cost"). A table of 2 048 slots takes 2 KB more, 2 bytes a key.
///
/// The live numbers are a window, `first ..< first + count` (the caller's ring of entries). An
/// entry that leaves it is not looked for here: its slot goes stale, and the caller's
/// confirmation (``find(_:confirm:)``) tells it from a live one. Removing it cost a player at
/// its bound a second missed line per keyed change, the oldest key's probe, on top of the new
/// key's look-up (bench/RESULTS.md, "What keys and push cost"). Stale slots are dropped, in
/// place, every quarter of the table's size in numbers (``makeRoom(liveFrom:count:)``), so live
/// slots fill at most half of it and stale ones at most a quarter more.
///
/// Live numbers span less than 2³², and a stale slot is dropped before its number is 2³² older
/// than the newest, so the lower 32 bits name an entry; the caller restores the rest. The
/// caller also sizes the table by its count of entries, so that the table keeps no count of its
/// own: every player carries the index, keys or not.
struct KeyIndex {
    /// 0: empty; otherwise `tag << 32 | number`, whose tag is never 0.
    private var slots: [UInt64] = []
    /// Each slot's ``control(of:)`` byte, 0 where the slot is empty; as many as ``slots``.
    private var controls: [UInt8] = []

    /// The smallest table a player with keys keeps.
    private static let minimumSlots = 8

    /// The slots the table holds: what it costs the player.
    var capacity: Int { controls.count }
    /// The slots in use, live or stale: at most three quarters of the capacity.
    var slotsInUse: Int { controls.count { $0 != 0 } }

    /// The number kept under `hash`: the first whose tag matches and that `confirm` accepts
    /// (its entry is live and holds the caller's key).
    ///
    /// A probe that finds none asks for the empty slot it ended at, for writing (as
    /// ``RetainedKeys/prepare(forKeyHash:)`` asks for the rings' lines): that is where the key goes
    /// when it is kept.
    func find(_ hash: Int, confirm: (UInt32) -> Bool) -> UInt32? {
        guard !controls.isEmpty else { return nil }
        let tag = Self.tag(of: hash)
        let control = Self.control(of: tag)
        var position = home(of: tag)
        while controls[position] != 0 {
            if controls[position] == control {
                let slot = slots[position]
                if Self.tag(in: slot) == tag, confirm(Self.number(in: slot)) { return Self.number(in: slot) }
            }
            position = (position + 1) & (controls.count - 1)
        }
        slots.withUnsafeBufferPointer { esprit_prefetch_for_write($0.baseAddress! + position) }
        return nil
    }

    /// Asks for the line of control bytes where the probe for `hash` starts, in the state for
    /// writing (a key not found is kept there), without waiting for it.
    func prefetch(_ hash: Int) {
        guard !controls.isEmpty else { return }
        let position = home(of: Self.tag(of: hash))
        controls.withUnsafeBufferPointer { esprit_prefetch_for_write($0.baseAddress! + position) }
    }

    /// Readies the table for the newest of the `count` live numbers from `first` (the lower
    /// 32 bits of each): grows it when they would fill more than half of it, and drops the
    /// stale slots whenever the newest is a multiple of a quarter of its size. A quarter of the
    /// size in numbers adds at most a quarter of stale slots, so the table is never more than
    /// three quarters full.
    mutating func makeRoom(liveFrom first: UInt32, count: Int) {
        let newest = first &+ UInt32(truncatingIfNeeded: count - 1)
        if count * 2 > controls.count {
            rehash(capacity: max(Self.minimumSlots, controls.count * 2), liveFrom: first, count: count)
        } else if Int(newest) & (controls.count / 4 - 1) == 0 {
            dropStale(liveFrom: first, count: count)
        }
    }

    /// Drops the stale slots in place and moves each live one back towards its home over the
    /// gaps they leave: a rehash into new arrays allocated, zeroed and filled 18 KB for every
    /// 512 keys of a player at its bound, and freed the old (callgrind, bench/RESULTS.md,
    /// session 33).
    ///
    /// The sweep starts after an empty slot, so that it enters every run of used slots at its
    /// start: each slot it reaches is taken out and, if live, put in the first empty slot from
    /// its home, which lies between its home and where it was, since every slot of its run
    /// before it has already been placed or emptied.
    private mutating func dropStale(liveFrom first: UInt32, count: Int) {
        slots.withUnsafeMutableBufferPointer { slots in
            controls.withUnsafeMutableBufferPointer { controls in
                let mask = controls.count - 1
                // The table is at most three quarters full: there is an empty slot.
                var start = 0
                while controls[start] != 0 { start += 1 }
                for step in 1..<controls.count {
                    let position = (start + step) & mask
                    let control = controls[position]
                    guard control != 0 else { continue }
                    let slot = slots[position]
                    controls[position] = 0
                    slots[position] = 0
                    guard Self.isLive(Self.number(in: slot), liveFrom: first, count: count) else { continue }
                    var target = Self.home(of: Self.tag(in: slot), mask: mask)
                    while controls[target] != 0 { target = (target + 1) & mask }
                    slots[target] = slot
                    controls[target] = control
                }
            }
        }
    }

    /// Keeps `number` under `hash`, in place of the number `confirm` accepts for it if any (a
    /// key used again). The table has room (``makeRoom(liveFrom:count:)``).
    mutating func set(_ hash: Int, to number: UInt32, confirm: (UInt32) -> Bool) {
        let tag = Self.tag(of: hash)
        let control = Self.control(of: tag)
        var position = home(of: tag)
        while controls[position] != 0 {
            if controls[position] == control, Self.tag(in: slots[position]) == tag, confirm(Self.number(in: slots[position])) {
                slots[position] = Self.slot(tag: tag, number: number)
                return
            }
            position = (position + 1) & (controls.count - 1)
        }
        slots[position] = Self.slot(tag: tag, number: number)
        controls[position] = control
    }

    /// Gives back half the table once the `count` live numbers from `first` would fill less
    /// than an eighth of it; with none, all of it. Stale slots do not move with the rest.
    @inline(__always)
    mutating func shrink(liveFrom first: UInt32, count: Int) {
        if count == 0 {
            slots = []
            controls = []
        } else if controls.count > Self.minimumSlots, count * 8 <= controls.count {
            rehash(capacity: max(Self.minimumSlots, controls.count / 2), liveFrom: first, count: count)
        }
    }

    /// Moves the slots of the `count` live numbers from `first` into a table of `capacity`.
    private mutating func rehash(capacity: Int, liveFrom first: UInt32, count: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: capacity)
        controls = [UInt8](repeating: 0, count: capacity)
        for slot in old where slot != 0 && Self.isLive(Self.number(in: slot), liveFrom: first, count: count) {
            var position = home(of: Self.tag(in: slot))
            while controls[position] != 0 { position = (position + 1) & (capacity - 1) }
            slots[position] = slot
            controls[position] = Self.control(of: Self.tag(in: slot))
        }
    }

    /// Whether the number ending in `lowerBits` is one of the `count` live ones from `first`
    /// (lower bits too): the window's test, modular so that it holds across the 32-bit wrap.
    static func isLive(_ lowerBits: UInt32, liveFrom first: UInt32, count: Int) -> Bool {
        Int(lowerBits &- first) < count
    }

    /// Where a tag's probe starts: its bits above the one that marks a slot used.
    private func home(of tag: UInt32) -> Int {
        Self.home(of: tag, mask: controls.count - 1)
    }

    /// ``home(of:)`` in a table of `mask + 1` slots.
    private static func home(of tag: UInt32, mask: Int) -> Int {
        Int(tag >> 1) & mask
    }

    /// A used slot's control byte: the tag's top seven bits, which do not place it (a table
    /// has at most 2¹⁷ slots), and a low bit set so that it is never 0.
    private static func control(of tag: UInt32) -> UInt8 {
        UInt8(truncatingIfNeeded: tag >> 24) | 1
    }

    private static func tag(of hash: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 32) | 1
    }

    private static func tag(in slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot >> 32) }
    private static func number(in slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot) }
    private static func slot(tag: UInt32, number: UInt32) -> UInt64 { UInt64(tag) << 32 | UInt64(number) }
}
