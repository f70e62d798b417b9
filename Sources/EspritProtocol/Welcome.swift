import NIOCore

/// `WELCOME`: the server accepts the handshake; requests may follow.
public struct Welcome: Equatable, Sendable {
    public var version: UInt16
    /// The largest frame body, in bytes, the server accepts; a larger one ends the connection.
    public var maxFrameBytes: UInt32
    /// The server's clock at the handshake, milliseconds since the Unix epoch (UTC).
    public var serverTime: Int64

    public init(version: UInt16, maxFrameBytes: UInt32, serverTime: Int64) {
        self.version = version
        self.maxFrameBytes = maxFrameBytes
        self.serverTime = serverTime
    }

    init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.version = try buffer.readWire(field: "version")
        self.maxFrameBytes = try buffer.readWire(field: "maxFrameBytes")
        self.serverTime = try buffer.readWire(field: "serverTime")
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(version)
        buffer.writeWire(maxFrameBytes)
        buffer.writeWire(serverTime)
    }
}
