import NIOCore

/// Every frame a client may send.
public enum ClientFrame: Equatable, Sendable {
    case hello(Hello)
    case request(RequestFrame)

    /// Writes the 4-byte length prefix and the frame body, as protocol `version` lays it out
    /// (`HELLO` is the same in every version).
    public func encode(into buffer: inout ByteBuffer, version: UInt16 = ProtocolVersion.v1) {
        buffer.writeLengthPrefixedFrame { body in
            switch self {
            case let .hello(hello):
                body.writeWire(FrameType.hello.rawValue)
                hello.encode(into: &body)
            case let .request(request):
                body.writeWire(FrameType.request.rawValue)
                request.encode(into: &body, version: version)
            }
        }
    }

    /// Reads one frame body (the bytes after the length prefix) as protocol `version` lays it
    /// out: the version the connection's `HELLO` negotiated.
    ///
    /// - Throws: ``ClientFrameError/badRequest(requestId:opcode:_:)`` when a request's header
    ///   was readable but its operation or fields were not (the connection can go on), and
    ///   ``ClientFrameError/unreadable(_:)`` when not even that much could be read.
    public static func decode(body: ByteBuffer, version: UInt16 = ProtocolVersion.v1) throws(ClientFrameError) -> ClientFrame {
        var body = body
        let rawType: UInt8
        do throws(WireDecodingError) {
            rawType = try body.readWire(field: "frameType")
        } catch {
            throw .unreadable(error)
        }
        switch FrameType(rawValue: rawType) {
        case .hello:
            do throws(WireDecodingError) {
                let hello = try Hello(from: &body)
                try body.requireFullyRead(message: "HELLO")
                return .hello(hello)
            } catch {
                throw .unreadable(error)
            }
        case .request:
            return .request(try RequestFrame.decode(from: &body, version: version))
        case let .some(other):
            throw .unreadable(WireDecodingError(field: "frameType", reason: "\(other.name) is a server-to-client frame"))
        case .none:
            throw .unreadable(WireDecodingError(field: "frameType", reason: "unknown frame type \(rawType)"))
        }
    }
}

/// Why a client frame could not be decoded, and whether the connection can survive it.
public enum ClientFrameError: Error, Equatable, Sendable {
    /// The frame type or a request header could not be read: the server answers `CLOSE`.
    case unreadable(WireDecodingError)
    /// The request header was read but the opcode or a field was wrong: the server answers this
    /// request with `ERROR` and keeps serving the connection.
    case badRequest(requestId: UInt32, opcode: UInt16, WireDecodingError)
}

/// `REQUEST`: one operation. Many may be in flight on a connection (pipelining); each answer
/// carries the `requestId` it answers.
public struct RequestFrame: Equatable, Sendable {
    public var requestId: UInt32
    /// Ties the events this request causes to the caller's own workflow; empty asks the server
    /// to generate one. See ``validate(correlationId:)``.
    public var correlationId: String
    /// From v2: a key that makes a retried change take effect once (see `protocol/README.md`,
    /// "Idempotency keys"); empty for none, and always empty in v1, whose `REQUEST` has no key.
    public var idempotencyKey: [UInt8] {
        get { receivedKey.map { Array($0) } ?? builtKey }
        set {
            builtKey = newValue
            receivedKey = nil
        }
    }
    /// The key of a frame built in code: any length, so that a test can send one the server
    /// refuses.
    private var builtKey: [UInt8]
    /// A decoded frame's key, held inline: decoding a keyed request allocates nothing for it.
    /// Nil without a key.
    private var receivedKey: IdempotencyKey?
    public var request: any WireRequest
    /// A decoded keyed request's fields as the frame carried them: a view of the received
    /// bytes, not a copy. Nil for a frame built in code, and for one without a key, which no
    /// fingerprint needs. Read through ``fieldBytes``.
    public internal(set) var receivedFields: ByteBuffer?

    /// The key as the server keeps it; nil without one, and for a built key longer than any
    /// key the decoder accepts (``maxIdempotencyKeyBytes``).
    public var key: IdempotencyKey? {
        if let receivedKey { return receivedKey }
        return builtKey.isEmpty ? nil : IdempotencyKey(builtKey)
    }

    /// The operation, from the request message's type.
    public var opcode: Opcode { type(of: request).opcode }

    public static let maxCorrelationIdBytes = 64
    public static let maxIdempotencyKeyBytes = IdempotencyKey.capacity

    /// At most ``maxCorrelationIdBytes`` UTF-8 bytes, no control characters, and no format or
    /// line-separator characters (bidirectional overrides, U+2028): correlation ids go into logs,
    /// the journal and `ADMIN_LEDGER` verbatim.
    public static func validate(correlationId: String) throws(WireDecodingError) {
        guard correlationId.utf8.count <= maxCorrelationIdBytes else {
            throw WireDecodingError(field: "correlationId", reason: "longer than \(maxCorrelationIdBytes) bytes")
        }
        guard !correlationId.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw WireDecodingError(field: "correlationId", reason: "contains control characters")
        }
        guard !correlationId.unicodeScalars.contains(where: { isInvisible($0.properties.generalCategory) }) else {
            throw WireDecodingError(field: "correlationId", reason: "contains format or line-separator characters")
        }
    }

    /// Format and line-separator characters: invisible, yet they change how a log line reads.
    /// A switch, not a set: this runs on every request and must not allocate.
    private static func isInvisible(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    public init(requestId: UInt32, correlationId: String = "", idempotencyKey: [UInt8] = [], request: any WireRequest) {
        self.requestId = requestId
        self.correlationId = correlationId
        self.builtKey = idempotencyKey
        self.request = request
    }

    /// The request's fields as the wire carries them in v2, which an idempotency key's
    /// fingerprint hashes with the opcode ("Idempotency keys" in `protocol/README.md`: the same
    /// opcode and field bytes are the same request): as received for a decoded keyed frame,
    /// encoded otherwise. Decoding is strict (no field has two encodings), so the two agree.
    public var fieldBytes: ByteBuffer {
        if let receivedFields { return receivedFields }
        var fields = ByteBuffer()
        request.encode(into: &fields, version: ProtocolVersion.v2)
        return fields
    }

    /// Writes the request; v1 has no key field, so a v1 frame leaves ``idempotencyKey`` out
    /// (a client that needs one negotiates v2).
    func encode(into buffer: inout ByteBuffer, version: UInt16) {
        buffer.writeWire(requestId)
        buffer.writeWire(opcode.rawValue)
        buffer.writeWireString(correlationId)
        if version >= ProtocolVersion.v2 {
            buffer.writeWireBytes(idempotencyKey)
        }
        request.encode(into: &buffer, version: version)
    }

    public static func == (lhs: RequestFrame, rhs: RequestFrame) -> Bool {
        lhs.requestId == rhs.requestId && lhs.correlationId == rhs.correlationId && lhs.idempotencyKey == rhs.idempotencyKey
            && lhs.request.isEqual(to: rhs.request)
    }

    /// A v2 key (`bytes`), read in place; nil when empty. Read without a closure over the
    /// bytes: through ``NIOCore/ByteBuffer/withWireBytes(field:_:)`` it took about 270
    /// instructions of every keyed request (callgrind, bench/RESULTS.md, session 33).
    private static func readIdempotencyKey(from buffer: inout ByteBuffer) throws(WireDecodingError) -> IdempotencyKey? {
        let length = Int(try buffer.readWire(UInt16.self, field: "idempotencyKey"))
        guard length <= buffer.readableBytes else {
            throw WireDecodingError(field: "idempotencyKey", reason: "length \(length) runs past the end of the frame")
        }
        guard length <= maxIdempotencyKeyBytes else {
            throw WireDecodingError(field: "idempotencyKey", reason: "longer than \(maxIdempotencyKeyBytes) bytes")
        }
        guard length > 0 else { return nil }
        let key = buffer.withUnsafeReadableBytes { IdempotencyKey(UnsafeRawBufferPointer(rebasing: $0[..<length])) }
        buffer.moveReaderIndex(forwardBy: length)
        return key
    }

    static func decode(from buffer: inout ByteBuffer, version: UInt16) throws(ClientFrameError) -> RequestFrame {
        let requestId: UInt32
        let rawOpcode: UInt16
        do throws(WireDecodingError) {
            requestId = try buffer.readWire(field: "requestId")
            rawOpcode = try buffer.readWire(field: "opcode")
        } catch {
            throw .unreadable(error)
        }
        do throws(WireDecodingError) {
            guard let requestType = WireOperations.request(for: rawOpcode, version: version) else {
                throw WireDecodingError(field: "opcode", reason: "unknown opcode \(rawOpcode)")
            }
            let correlationId = try buffer.readWireString(field: "correlationId")
            try validate(correlationId: correlationId)
            var key: IdempotencyKey?
            if version >= ProtocolVersion.v2 {
                key = try readIdempotencyKey(from: &buffer)
            }
            // The rest of the body is the request's fields: the buffer itself, not a slice of
            // it, which cost about 150 instructions more.
            let fields = key == nil ? nil : buffer
            let request = try WireOperations.decodeRequest(requestType, from: &buffer, version: version)
            var frame = RequestFrame(requestId: requestId, correlationId: correlationId, request: request)
            frame.receivedKey = key
            frame.receivedFields = fields
            return frame
        } catch {
            throw .badRequest(requestId: requestId, opcode: rawOpcode, error)
        }
    }
}
