import EspritGame
import EspritProtocol

extension GameError {
    /// The error as the protocol carries it: GAME.md's codes map one to one.
    public var wireError: WireError {
        let details: ErrorDetails
        switch self {
        case let .validation(field, reason): details = .validation(field: field, reason: reason)
        case let .notFound(entity, id): details = .notFound(entity: entity, id: id)
        case let .insufficient(resource, required, current):
            details = .insufficient(resource: resource, required: required, current: current)
        case let .invalidOperation(operation, reason): details = .invalidOperation(operation: operation, reason: reason)
        case let .alreadyClaimed(nextResetAt): details = .alreadyClaimed(nextResetAt: nextResetAt)
        case let .limitReached(limit, value): details = .limitReached(limit: limit, value: value)
        case .unauthorized: details = .unauthorized
        case let .rateLimited(retryAfterMs): details = .rateLimited(retryAfterMs: retryAfterMs)
        case let .unavailable(reason): details = .unavailable(reason: reason)
        case let .internal(correlationId): details = .internal(correlationId: correlationId)
        }
        return WireError(message: message, details: details)
    }
}
