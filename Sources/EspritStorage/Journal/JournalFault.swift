/// Where a failure test makes the journal's file system refuse (``JournalConfiguration/injectedFault``).
public enum JournalFault: Sendable {
    /// The `write` of a batch.
    case write
    /// The `fdatasync` after it.
    case sync
    /// Writing the header of a new segment.
    case newSegment
}
