import NIOCore

/// `ADMIN_EXPORT` (0x0104): writes a snapshot of every player, as of one LSN, to `path` on the
/// server's host (and its manifest to `path.manifest.json`). Needs an admin connection.
public struct AdminExportRequest: WireRequest {
    public typealias Response = AdminExportResponse
    public static let opcode = Opcode.adminExport

    public var path: String

    public init(path: String) { self.path = path }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        path = try buffer.readWireString(field: "path")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(path)
    }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "path", path.utf8.count)
    }
}

/// What the snapshot's manifest says.
public struct AdminExportResponse: WireMessage {
    public var path: String
    public var lsn: UInt64
    public var players: UInt64
    public var compressedBytes: UInt64
    public var uncompressedBytes: UInt64
    /// Lowercase hex SHA-256 of the compressed file.
    public var sha256: String

    public init(path: String, lsn: UInt64, players: UInt64, compressedBytes: UInt64, uncompressedBytes: UInt64, sha256: String) {
        self.path = path
        self.lsn = lsn
        self.players = players
        self.compressedBytes = compressedBytes
        self.uncompressedBytes = uncompressedBytes
        self.sha256 = sha256
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        path = try buffer.readWireString(field: "path")
        lsn = try buffer.readWire(field: "lsn")
        players = try buffer.readWire(field: "players")
        compressedBytes = try buffer.readWire(field: "compressedBytes")
        uncompressedBytes = try buffer.readWire(field: "uncompressedBytes")
        sha256 = try buffer.readWireString(field: "sha256")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(path)
        buffer.writeWire(lsn)
        buffer.writeWire(players)
        buffer.writeWire(compressedBytes)
        buffer.writeWire(uncompressedBytes)
        buffer.writeWireString(sha256)
    }
}

extension Opcode {
    public static let adminExport = Opcode(0x0104, name: "ADMIN_EXPORT")
}
