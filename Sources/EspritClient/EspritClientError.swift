import EspritProtocol

/// Why a client call failed.
public enum EspritClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server answered the request with `ERROR`: the connection is still usable.
    case rejected(WireError)
    /// The server sent `CLOSE` and closed the connection.
    case closedByServer(WireError)
    /// The connection ended without a `CLOSE` frame.
    case connectionLost
    /// The server sent something protocol v1 does not allow here.
    case protocolViolation(String)
    /// The server did not answer `HELLO` in time.
    case handshakeTimedOut
    /// No answer within the client's request timeout. The request may still take effect: the
    /// connection stays open, and a late answer is ignored.
    case requestTimedOut
    /// An argument the protocol cannot carry (such as a string over 65 535 bytes); nothing was sent.
    case invalidArgument(field: String, reason: String)

    /// The server's error, when there is one.
    public var wireError: WireError? {
        switch self {
        case let .rejected(error), let .closedByServer(error): error
        case .connectionLost, .protocolViolation, .handshakeTimedOut, .requestTimedOut, .invalidArgument: nil
        }
    }

    public var description: String {
        switch self {
        case let .rejected(error): "\(error)"
        case let .closedByServer(error): "connection closed by server: \(error)"
        case .connectionLost: "connection lost"
        case let .protocolViolation(reason): "protocol violation: \(reason)"
        case .handshakeTimedOut: "the server did not answer the handshake"
        case .requestTimedOut: "the server did not answer in time (the request may still take effect)"
        case let .invalidArgument(field, reason): "invalid \(field): \(reason)"
        }
    }
}
