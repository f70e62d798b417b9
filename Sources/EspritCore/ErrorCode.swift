/// The numeric error codes of GAME.md, as they travel on the wire (u16).
///
/// The numbers are part of protocol v1: never renumber, only append.
public enum ErrorCode: UInt16, CaseIterable, Sendable, Codable {
    case validation = 1
    case notFound = 2
    case insufficient = 3
    case invalidOperation = 4
    case alreadyClaimed = 5
    case limitReached = 6
    case unauthorized = 7
    case rateLimited = 8
    case unavailable = 9
    case `internal` = 10
    /// From protocol v2 only: a v1 connection cannot send a key, so it never sees this code.
    case keyReused = 11

    /// The name used in GAME.md, `protocol/` and the CLI.
    public var name: String {
        switch self {
        case .validation: "VALIDATION"
        case .notFound: "NOT_FOUND"
        case .insufficient: "INSUFFICIENT"
        case .invalidOperation: "INVALID_OPERATION"
        case .alreadyClaimed: "ALREADY_CLAIMED"
        case .limitReached: "LIMIT_REACHED"
        case .unauthorized: "UNAUTHORIZED"
        case .rateLimited: "RATE_LIMITED"
        case .unavailable: "UNAVAILABLE"
        case .internal: "INTERNAL"
        case .keyReused: "KEY_REUSED"
        }
    }
}
