import NIOCore

/// An error as the wire carries it: a code (implied by the details), a human message and the
/// structured details. Used by both the per-request `ERROR` frame and the connection-ending
/// `CLOSE` frame.
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var details: ErrorDetails

    public init(message: String, details: ErrorDetails) {
        self.message = message
        self.details = details
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
