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
        }
    }
}
