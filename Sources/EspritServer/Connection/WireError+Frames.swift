import EspritProtocol

/// How the server words its answer to a frame it cannot take — one place for the connection
/// and for the fuzzer (`EspritFuzzing`), so that the fuzzer encodes what clients really get.
extension WireError {
    /// A declared length over the limit in force (`CLOSE`).
    public static func frameTooLarge(_ error: FrameTooLargeError, beforeLogin: Bool) -> WireError {
        WireError(
            message: "frame of \(error.length) bytes exceeds the \(error.maxFrameBytes)-byte limit\(beforeLogin ? " before LOGIN" : "")",
            details: .limitReached(limit: Int64(error.maxFrameBytes), value: Int64(error.length))
        )
    }

    /// A frame whose type or request header cannot be read (`CLOSE`).
    public static func unreadableFrame(_ error: WireDecodingError) -> WireError {
        WireError(message: "unreadable frame: \(error)", details: .validation(field: error.field, reason: error.reason))
    }

    /// A request whose opcode or fields cannot be read (`ERROR`; the connection goes on).
    public static func malformedRequest(_ error: WireDecodingError) -> WireError {
        WireError(message: "malformed request: \(error)", details: .validation(field: error.field, reason: error.reason))
    }
}
