/// Why the journal cannot be opened or written, with the segment and byte offset where the
/// problem is, so an operator knows what to inspect before reaching for `--force-recovery`.
public struct JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// A record whose checksum, marker or length is wrong, not at the end of the last segment.
        case corruptRecord
        /// Records are not numbered one after another.
        case lsnGap
        /// A segment between two others, or the first one, is absent.
        case missingSegment
        /// A segment's header is not a journal header or disagrees with the file name.
        case badSegmentHeader
        /// A record passed its checksum but its events do not decode.
        case undecodablePayload
        /// The file system refused an operation.
        case io
    }

    public var kind: Kind
    /// The segment file's name, when the problem is in one.
    public var segment: String?
    /// The byte offset within `segment`.
    public var offset: Int?
    public var message: String
    /// An I/O error caused by running out of file descriptors: retrying later may succeed.
    public var isOutOfDescriptors = false

    public init(kind: Kind, segment: String? = nil, offset: Int? = nil, message: String) {
        self.kind = kind
        self.segment = segment
        self.offset = offset
        self.message = message
    }

    public var description: String {
        var place = ""
        if let segment { place += " in segment \(segment)" }
        if let offset { place += " at offset \(offset)" }
        return "journal\(place): \(message)"
    }

    static func io(_ error: SystemError) -> JournalError {
        var journalError = JournalError(kind: .io, message: error.description)
        journalError.isOutOfDescriptors = error.isOutOfDescriptors
        return journalError
    }
}
