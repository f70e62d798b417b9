import NIOCore

/// An error as the wire carries it: a code (implied by the details), a human message and the
/// structured details. Used by both the per-request `ERROR` frame and the connection-ending
/// `CLOSE` frame.
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var details: ErrorDetails

    /// The most bytes of UTF-8 a `message` holds; longer ones are cut (``WireText/clipped(_:maxBytes:)``).
    public static let maxMessageBytes = 512
    /// The most bytes of UTF-8 a string detail field holds.
    public static let maxDetailBytes = 256

    /// Cuts the message and every string detail to their maxima: an error that repeats what a
    /// client sent (an unknown banner, a building type) stays small whatever the client sent.
    public init(message: String, details: ErrorDetails) {
        self.message = WireText.clipped(message, maxBytes: Self.maxMessageBytes)
        self.details = details.clippingStrings(to: Self.maxDetailBytes)
    }

    public var code: ErrorCode { details.code }

    public var description: String {
        let fields = details.fields.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        return fields.isEmpty ? "\(code.name): \(message)" : "\(code.name): \(message) [\(fields)]"
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(code.rawValue)
        buffer.writeWireString(message)
        details.encode(into: &buffer)
    }

    static func decode(from buffer: inout ByteBuffer) throws(WireDecodingError) -> WireError {
        let raw = try buffer.readWire(UInt16.self, field: "code")
        guard let code = ErrorCode(rawValue: raw) else {
            throw WireDecodingError(field: "code", reason: "unknown error code \(raw)")
        }
        let message = try buffer.readWireString(field: "message")
        return WireError(message: message, details: try ErrorDetails.decode(code: code, from: &buffer))
    }
}
