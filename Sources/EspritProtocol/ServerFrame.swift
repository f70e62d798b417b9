import NIOCore

/// Every frame a server may send.
public enum ServerFrame: Equatable, Sendable {
    case welcome(Welcome)
    case response(ResponseFrame)
    case error(ErrorFrame)
    case event(EventPush)
    /// The connection-level error that precedes the server closing the connection.
    case close(WireError)

    /// Writes the 4-byte length prefix and the frame body, as protocol `version` (the
    /// connection's) lays it out.
    public func encode(into buffer: inout ByteBuffer, version: UInt16 = ProtocolVersion.v1) {
        buffer.writeLengthPrefixedFrame { body in
            switch self {
            case let .welcome(welcome):
                body.writeWire(FrameType.welcome.rawValue)
                welcome.encode(into: &body)
            case let .response(response):
                body.writeWire(FrameType.response.rawValue)
                body.writeWire(response.requestId)
                body.writeWire(response.opcode.rawValue)
                response.response.encode(into: &body, version: version)
            case let .error(error):
                body.writeWire(FrameType.error.rawValue)
                body.writeWire(error.requestId)
                body.writeWire(error.opcode)
                error.error.encode(into: &body)
            case let .event(event):
                body.writeWire(FrameType.event.rawValue)
                event.encode(into: &body)
            case let .close(error):
                body.writeWire(FrameType.close.rawValue)
                error.encode(into: &body)
            }
        }
    }

    /// Reads one frame body (the bytes after the length prefix), as protocol `version` lays it out.
    public static func decode(body: ByteBuffer, version: UInt16 = ProtocolVersion.v1) throws(WireDecodingError) -> ServerFrame {
        var body = body
        let rawType = try body.readWire(UInt8.self, field: "frameType")
        let frame: ServerFrame
        switch FrameType(rawValue: rawType) {
        case .welcome:
            frame = .welcome(try Welcome(from: &body))
        case .response:
            let requestId = try body.readWire(UInt32.self, field: "requestId")
            let rawOpcode = try body.readWire(UInt16.self, field: "opcode")
            guard let requestType = WireOperations.request(for: rawOpcode, version: version) else {
                throw WireDecodingError(field: "opcode", reason: "unknown opcode \(rawOpcode)")
            }
            let response = try WireOperations.decodeResponse(to: requestType, from: &body, version: version)
            frame = .response(ResponseFrame(requestId: requestId, opcode: requestType.opcode, response: response))
        case .error:
            let requestId = try body.readWire(UInt32.self, field: "requestId")
            let opcode = try body.readWire(UInt16.self, field: "opcode")
            frame = .error(ErrorFrame(requestId: requestId, opcode: opcode, error: try WireError.decode(from: &body)))
        case .event:
            frame = .event(try EventPush(from: &body))
        case .close:
            frame = .close(try WireError.decode(from: &body))
        case let .some(other):
            throw WireDecodingError(field: "frameType", reason: "\(other.name) is a client-to-server frame")
        case .none:
            throw WireDecodingError(field: "frameType", reason: "unknown frame type \(rawType)")
        }
        try body.requireFullyRead(message: "frame")
        return frame
    }
}

/// `RESPONSE`: the success answer to the request with `requestId`, whose operation was
/// `opcode`; `response` is a message of that operation's response type.
public struct ResponseFrame: Equatable, Sendable {
    public var requestId: UInt32
    public var opcode: Opcode
    public var response: any WireMessage

    public init(requestId: UInt32, opcode: Opcode, response: any WireMessage) {
        self.requestId = requestId
        self.opcode = opcode
        self.response = response
    }

    /// The answer to `request`: its operation's opcode and response type, checked by the compiler.
    public init<Request: WireRequest>(requestId: UInt32, answering request: Request.Type, _ response: Request.Response) {
        self.init(requestId: requestId, opcode: Request.opcode, response: response)
    }

    public static func == (lhs: ResponseFrame, rhs: ResponseFrame) -> Bool {
        lhs.requestId == rhs.requestId && lhs.opcode == rhs.opcode && lhs.response.isEqual(to: rhs.response)
    }
}

/// `ERROR`: the failure answer to the request with `requestId`. `opcode` echoes the request's
/// raw opcode, even one the server did not know.
public struct ErrorFrame: Equatable, Sendable {
    public var requestId: UInt32
    public var opcode: UInt16
    public var error: WireError

    public init(requestId: UInt32, opcode: UInt16, error: WireError) {
        self.requestId = requestId
        self.opcode = opcode
        self.error = error
    }
}
