import EspritProtocol
import Foundation

/// A frame's meaning in a form both the vector files (JSON) and the Swift codec (via `Mirror`)
/// can be turned into, so the test compares them without a hand-written mapping per message
/// that could drift along with the code.
indirect enum Canonical: Equatable, CustomStringConvertible {
    case scalar(String)
    case list([Canonical])
    case object([String: Canonical])

    var description: String {
        switch self {
        case let .scalar(value): "\"\(value)\""
        case let .list(items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case let .object(fields):
            "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// From `JSONSerialization` output: numbers and strings become scalars.
    init(json: Any) {
        if let string = json as? String {
            self = .scalar(string)
        } else if let number = json as? NSNumber {
            self = .scalar(number.stringValue)
        } else if let array = json as? [Any] {
            self = .list(array.map(Canonical.init(json:)))
        } else if let dictionary = json as? [String: Any] {
            self = .object(dictionary.mapValues(Canonical.init(json:)))
        } else {
            preconditionFailure("unexpected JSON value \(json)")
        }
    }

    /// From a Swift value: structs by their stored properties, `[UInt8]` as lowercase hex.
    init(reflecting value: Any) {
        if let event = value as? WireEvent {
            self = Canonical.of(event)
        } else if let flag = value as? Bool {
            self = .scalar(flag ? "1" : "0")
        } else if type(of: value) == [UInt8].self, let bytes = value as? [UInt8] {
            // By type: an empty list of anything casts to `[UInt8]`.
            self = .scalar(bytes.map { String(format: "%02x", $0) }.joined())
        } else if let string = value as? String {
            self = .scalar(string)
        } else if let integer = value as? any BinaryInteger {
            self = .scalar("\(integer)")
        } else {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .collection {
                self = .list(mirror.children.map { Canonical(reflecting: $0.value) })
            } else {
                var fields: [String: Canonical] = [:]
                for child in mirror.children {
                    fields[child.label!] = Canonical(reflecting: child.value)
                }
                self = .object(fields)
            }
        }
    }

    static func frame(_ name: String, _ fields: [String: Canonical], merging message: Any? = nil) -> Canonical {
        var all = fields
        if let message, case let .object(messageFields) = Canonical(reflecting: message) {
            all.merge(messageFields) { current, _ in current }
        }
        all["frame"] = .scalar(name)
        return .object(all)
    }

    /// An event: its type number and its fields, read off the enum case's labelled payload.
    static func of(_ event: WireEvent) -> Canonical {
        var fields: [String: Canonical] = ["eventType": .scalar("\(event.type.rawValue)")]
        if let payload = Mirror(reflecting: event).children.first?.value {
            for child in Mirror(reflecting: payload).children {
                fields[child.label!] = Canonical(reflecting: child.value)
            }
        }
        return .object(fields)
    }

    static func details(_ error: WireError) -> Canonical {
        .object(Dictionary(uniqueKeysWithValues: error.details.fields.map { ($0.name, Canonical.scalar($0.value)) }))
    }

    /// The payload of `message` as protocol `version` carries it: without the fields the
    /// schema marks as arriving in a later version.
    private static func payload(_ message: Any, opcode: UInt16, part: String, version: UInt16) -> Canonical {
        guard case var .object(fields) = Canonical(reflecting: message) else { return Canonical(reflecting: message) }
        for name in ProtocolFolder.fieldsLaterThan(version, opcode: opcode, part: part) {
            fields[name] = nil
        }
        return .object(fields)
    }

    static func of(_ frame: ClientFrame, version: UInt16) -> Canonical {
        switch frame {
        case let .hello(hello):
            return .frame("HELLO", [:], merging: hello)
        case let .request(request):
            var fields: [String: Canonical] = [
                "requestId": .scalar("\(request.requestId)"),
                "opcode": .scalar("\(request.opcode.rawValue)"),
                "correlationId": .scalar(request.correlationId),
                "payload": payload(request.request, opcode: request.opcode.rawValue, part: "request", version: version),
            ]
            if version >= ProtocolVersion.v2 {
                fields["idempotencyKey"] = Canonical(reflecting: request.idempotencyKey)
            }
            return .frame("REQUEST", fields)
        }
    }

    static func of(_ frame: ServerFrame, version: UInt16) -> Canonical {
        switch frame {
        case let .welcome(welcome):
            return .frame("WELCOME", [:], merging: welcome)
        case let .response(response):
            return .frame("RESPONSE", [
                "requestId": .scalar("\(response.requestId)"),
                "opcode": .scalar("\(response.opcode.rawValue)"),
                "payload": payload(response.response, opcode: response.opcode.rawValue, part: "response", version: version),
            ])
        case let .error(error):
            return .frame("ERROR", [
                "requestId": .scalar("\(error.requestId)"),
                "opcode": .scalar("\(error.opcode)"),
                "code": .scalar("\(error.error.code.rawValue)"),
                "message": .scalar(error.error.message),
                "details": details(error.error),
            ])
        case let .event(event):
            return .frame("EVENT", [:], merging: event)
        case let .close(error):
            return .frame("CLOSE", [
                "code": .scalar("\(error.code.rawValue)"),
                "message": .scalar(error.message),
                "details": details(error),
            ])
        }
    }
}
