import NIOCore

/// `HELLO`: the first frame a client sends. The server answers `WELCOME`, or `CLOSE` when the
/// magic is wrong or it does not speak `version`.
public struct Hello: Equatable, Sendable {
    /// ASCII "ESPR": lets the server reject a stray HTTP or TLS client at the first frame.
    public static let magic: UInt32 = 0x4553_5052

    public var magic: UInt32
    public var version: UInt16
    /// Free text for the server's logs, such as "esprit-cli/0.1".
    public var clientName: String

    public init(magic: UInt32 = Hello.magic, version: UInt16, clientName: String) {
        self.magic = magic
        self.version = version
        self.clientName = clientName
    }

    init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        self.magic = try buffer.readWire(field: "magic")
        self.version = try buffer.readWire(field: "version")
        self.clientName = try buffer.readWireString(field: "clientName")
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(magic)
        buffer.writeWire(version)
        buffer.writeWireString(clientName)
    }
}
