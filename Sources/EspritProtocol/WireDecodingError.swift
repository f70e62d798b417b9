/// Why a frame's bytes could not be read as the message they claim to be.
///
/// It names the field so that the server can answer a malformed request with a precise
/// `VALIDATION(field, reason)` error instead of a bare "bad frame".
public struct WireDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field (as named in `protocol/schema.json`) whose bytes were wrong.
    public var field: String
    /// What was wrong with them, in words an operator can act on.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }

    static func truncated(_ field: String) -> WireDecodingError {
        WireDecodingError(field: field, reason: "frame ends before this field is complete")
    }
}
