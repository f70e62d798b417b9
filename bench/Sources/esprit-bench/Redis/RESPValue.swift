import NIOCore

/// A Redis reply (RESP2), as much of it as the peer benchmark needs.
enum RESPValue: Equatable, Sendable {
    case simple(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8]?)
    case array([RESPValue]?)

    /// Reads one whole reply from `buffer`, or returns nil (consuming nothing) when the buffer
    /// does not hold all of it yet.
    static func read(from buffer: inout ByteBuffer) throws -> RESPValue? {
        var copy = buffer
        guard let value = try parse(&copy) else { return nil }
        buffer = copy
        return value
    }

    private static func parse(_ buffer: inout ByteBuffer) throws -> RESPValue? {
        guard let type = buffer.readInteger(as: UInt8.self), let line = readLine(&buffer) else { return nil }
        switch type {
        case UInt8(ascii: "+"): return .simple(line)
        case UInt8(ascii: "-"): return .error(line)
        case UInt8(ascii: ":"):
            guard let value = Int64(line) else { throw RESPError.malformed("integer \(line)") }
            return .integer(value)
        case UInt8(ascii: "$"):
            guard let length = Int(line) else { throw RESPError.malformed("bulk length \(line)") }
            if length < 0 { return .bulk(nil) }
            guard buffer.readableBytes >= length + 2, let bytes = buffer.readBytes(length: length) else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .bulk(bytes)
        case UInt8(ascii: "*"):
            guard let count = Int(line) else { throw RESPError.malformed("array length \(line)") }
            if count < 0 { return .array(nil) }
            var elements: [RESPValue] = []
            for _ in 0..<count {
                guard let element = try parse(&buffer) else { return nil }
                elements.append(element)
            }
            return .array(elements)
        default:
            throw RESPError.malformed("reply type \(type)")
        }
    }

    private static func readLine(_ buffer: inout ByteBuffer) -> String? {
        let view = buffer.readableBytesView
        guard let end = view.firstIndex(of: UInt8(ascii: "\r")) else { return nil }
        let length = view.distance(from: view.startIndex, to: end)
        guard buffer.readableBytes >= length + 2 else { return nil }
        let line = buffer.readString(length: length)
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    /// Encodes a command as a RESP array of bulk strings.
    static func writeCommand(_ arguments: [String], into buffer: inout ByteBuffer) {
        buffer.writeString("*\(arguments.count)\r\n")
        for argument in arguments {
            buffer.writeString("$\(argument.utf8.count)\r\n")
            buffer.writeString(argument)
            buffer.writeString("\r\n")
        }
    }
}

enum RESPError: Error, CustomStringConvertible {
    case malformed(String)
    case connectionClosed

    var description: String {
        switch self {
        case let .malformed(what): "malformed Redis reply: \(what)"
        case .connectionClosed: "the Redis connection closed"
        }
    }
}
