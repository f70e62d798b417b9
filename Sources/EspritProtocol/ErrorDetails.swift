import NIOCore

/// How the protocol prints, clips and carries ``ErrorDetails``.
extension ErrorDetails {
    /// The details as name/value pairs in wire order, for printing (`esprit` shows them).
    public var fields: [(name: String, value: String)] {
        switch self {
        case let .validation(field, reason): [("field", field), ("reason", reason)]
        case let .notFound(entity, id): [("entity", entity), ("id", id)]
        case let .insufficient(resource, required, current):
            [("resource", resource), ("required", "\(required)"), ("current", "\(current)")]
        case let .invalidOperation(operation, reason): [("operation", operation), ("reason", reason)]
        case let .alreadyClaimed(nextResetAt): [("nextResetAt", "\(nextResetAt)")]
        case let .limitReached(limit, value): [("limit", "\(limit)"), ("value", "\(value)")]
        case .unauthorized: []
        case let .rateLimited(retryAfterMs): [("retryAfterMs", "\(retryAfterMs)")]
        case let .unavailable(reason): [("reason", reason)]
        case let .internal(correlationId): [("correlationId", correlationId)]
        case let .keyReused(firstOpcode): [("firstOpcode", "\(firstOpcode)")]
        }
    }

    /// The same details with every string field cut to `maxBytes` of UTF-8.
    func clippingStrings(to maxBytes: Int) -> ErrorDetails {
        func clip(_ text: String) -> String { WireText.clipped(text, maxBytes: maxBytes) }
        switch self {
        case let .validation(field, reason): return .validation(field: clip(field), reason: clip(reason))
        case let .notFound(entity, id): return .notFound(entity: clip(entity), id: clip(id))
        case let .insufficient(resource, required, current): return .insufficient(resource: clip(resource), required: required, current: current)
        case let .invalidOperation(operation, reason): return .invalidOperation(operation: clip(operation), reason: clip(reason))
        case let .unavailable(reason): return .unavailable(reason: clip(reason))
        case let .internal(correlationId): return .internal(correlationId: clip(correlationId))
        case .alreadyClaimed, .limitReached, .unauthorized, .rateLimited, .keyReused: return self
        }
    }

    func encode(into buffer: inout ByteBuffer) {
        switch self {
        case let .validation(field, reason):
            buffer.writeWireString(field)
            buffer.writeWireString(reason)
        case let .notFound(entity, id):
            buffer.writeWireString(entity)
            buffer.writeWireString(id)
        case let .insufficient(resource, required, current):
            buffer.writeWireString(resource)
            buffer.writeWire(required)
            buffer.writeWire(current)
        case let .invalidOperation(operation, reason):
            buffer.writeWireString(operation)
            buffer.writeWireString(reason)
        case let .alreadyClaimed(nextResetAt):
            buffer.writeWire(nextResetAt)
        case let .limitReached(limit, value):
            buffer.writeWire(limit)
            buffer.writeWire(value)
        case .unauthorized:
            break
        case let .rateLimited(retryAfterMs):
            buffer.writeWire(retryAfterMs)
        case let .unavailable(reason):
            buffer.writeWireString(reason)
        case let .internal(correlationId):
            buffer.writeWireString(correlationId)
        case let .keyReused(firstOpcode):
            buffer.writeWire(firstOpcode)
        }
    }

    static func decode(code: ErrorCode, from buffer: inout ByteBuffer) throws(WireDecodingError) -> ErrorDetails {
        switch code {
        case .validation:
            return .validation(
                field: try buffer.readWireString(field: "field"),
                reason: try buffer.readWireString(field: "reason")
            )
        case .notFound:
            return .notFound(entity: try buffer.readWireString(field: "entity"), id: try buffer.readWireString(field: "id"))
        case .insufficient:
            return .insufficient(
                resource: try buffer.readWireString(field: "resource"),
                required: try buffer.readWire(field: "required"),
                current: try buffer.readWire(field: "current")
            )
        case .invalidOperation:
            return .invalidOperation(
                operation: try buffer.readWireString(field: "operation"),
                reason: try buffer.readWireString(field: "reason")
            )
        case .alreadyClaimed:
            return .alreadyClaimed(nextResetAt: try buffer.readWire(field: "nextResetAt"))
        case .limitReached:
            return .limitReached(limit: try buffer.readWire(field: "limit"), value: try buffer.readWire(field: "value"))
        case .unauthorized:
            return .unauthorized
        case .rateLimited:
            return .rateLimited(retryAfterMs: try buffer.readWire(field: "retryAfterMs"))
        case .unavailable:
            return .unavailable(reason: try buffer.readWireString(field: "reason"))
        case .internal:
            return .internal(correlationId: try buffer.readWireString(field: "correlationId"))
        case .keyReused:
            return .keyReused(firstOpcode: try buffer.readWire(field: "firstOpcode"))
        }
    }
}
