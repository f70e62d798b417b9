import NIOCore

/// `ADMIN_BACKUP` (0x0105): writes a hot copy of the data directory into `directory` on the
/// server's host — a compacted copy of LMDB plus the journal segments after its checkpoint —
/// from which a server starts. The directory must be new or empty. Needs an admin connection.
public struct AdminBackupRequest: WireRequest {
    public typealias Response = AdminBackupResponse
    public static let opcode = Opcode.adminBackup

    public var directory: String

    public init(directory: String) { self.directory = directory }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        directory = try buffer.readWireString(field: "directory")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(directory)
    }

    public func validateLengths() throws(WireDecodingError) {
        try checkLength(of: "directory", directory.utf8.count)
    }
}

/// What the backup holds.
public struct AdminBackupResponse: WireMessage {
    public var directory: String
    /// The LSN the copied checkpoint covers; the copied segments hold what follows.
    public var checkpointLsn: UInt64
    public var segments: UInt32
    /// Bytes written: LMDB copy plus segments.
    public var bytes: UInt64

    public init(directory: String, checkpointLsn: UInt64, segments: UInt32, bytes: UInt64) {
        self.directory = directory
        self.checkpointLsn = checkpointLsn
        self.segments = segments
        self.bytes = bytes
    }

    public init(from buffer: inout ByteBuffer) throws(WireDecodingError) {
        directory = try buffer.readWireString(field: "directory")
        checkpointLsn = try buffer.readWire(field: "checkpointLsn")
        segments = try buffer.readWire(field: "segments")
        bytes = try buffer.readWire(field: "bytes")
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeWireString(directory)
        buffer.writeWire(checkpointLsn)
        buffer.writeWire(segments)
        buffer.writeWire(bytes)
    }
}

extension Opcode {
    public static let adminBackup = Opcode(0x0105, name: "ADMIN_BACKUP")
}
