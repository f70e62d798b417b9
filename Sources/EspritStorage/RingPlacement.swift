/// Where a record goes in a ring of bytes whose records never wrap: the rule both
/// ``RetainedKeys``' ring of keys and the server's push history place records by.
///
/// The live bytes run from the oldest record's offset (the head) up to the tail, where the next
/// record goes, wrapping round once the tail reaches the end. A record that would not fit before
/// the end goes at the start instead, and the bytes it skipped are free again once the head
/// passes them.
public enum RingPlacement {
    /// Where `byteCount` bytes go in a ring of `capacity` bytes whose live bytes run from `head`
    /// (nil when no record is live) up to `tail`: after the tail, or at the start when they would
    /// not fit before the end; nil when they fit nowhere, and the caller must move the records
    /// to a larger ring.
    public static func offset(for byteCount: Int, head: Int?, tail: Int, capacity: Int) -> Int? {
        guard let head else { return byteCount <= capacity ? 0 : nil }
        if head < tail {
            if tail + byteCount <= capacity { return tail }
            return byteCount <= head ? 0 : nil
        }
        // Wrapped round (or full): what is free lies between the tail and the head.
        return tail + byteCount <= head ? tail : nil
    }
}
