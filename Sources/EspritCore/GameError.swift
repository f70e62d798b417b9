/// Every way a rule can refuse a command, with the details a client needs to act (GAME.md,
/// "Errors"). A refused command changes nothing and writes nothing to the journal.
public enum GameError: Error, Equatable, Sendable {
    case validation(field: String, reason: String)
    case notFound(entity: String, id: String)
    case insufficient(resource: String, required: Int64, current: Int64)
    case invalidOperation(operation: String, reason: String)
    case alreadyClaimed(nextResetAt: Int64)
    case limitReached(limit: Int64, value: Int64)
    case unauthorized
    case rateLimited(retryAfterMs: Int64)
    case unavailable(reason: String)
    case `internal`(correlationId: String)
    /// v2: an idempotency key the player (or, for an admin grant, its target) already
    /// committed with another request: `firstOpcode` is that request's operation.
    case keyReused(firstOpcode: UInt16)

    /// A sentence for people; the structured cases carry the facts.
    public var message: String {
        switch self {
        case let .validation(field, reason): "invalid \(field): \(reason)"
        case let .notFound(entity, id): "\(entity) \(id) not found"
        case let .insufficient(resource, required, current): "not enough \(resource): need \(required), have \(current)"
        case let .invalidOperation(operation, reason): "\(operation) not possible: \(reason)"
        case .alreadyClaimed: "already claimed today"
        case let .limitReached(limit, value): "limit of \(limit) reached (would be \(value))"
        case .unauthorized: "not authorized"
        case let .rateLimited(retryAfterMs): "too many requests, retry in \(retryAfterMs) ms"
        case let .unavailable(reason): "service unavailable: \(reason)"
        case let .internal(correlationId): "internal error (correlation id \(correlationId))"
        case let .keyReused(firstOpcode): "idempotency key already used for another request (opcode \(firstOpcode))"
        }
    }
}

extension GameError {
    /// The error's number on the wire (GAME.md, "Errors").
    public var code: ErrorCode {
        switch self {
        case .validation: .validation
        case .notFound: .notFound
        case .insufficient: .insufficient
        case .invalidOperation: .invalidOperation
        case .alreadyClaimed: .alreadyClaimed
        case .limitReached: .limitReached
        case .unauthorized: .unauthorized
        case .rateLimited: .rateLimited
        case .unavailable: .unavailable
        case .internal: .internal
        case .keyReused: .keyReused
        }
    }
}
