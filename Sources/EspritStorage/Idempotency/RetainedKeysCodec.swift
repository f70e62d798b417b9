/// A player's retained keys as the checkpoint stores them (little-endian, like the journal):
/// u8 version, u16 count, then per commit, oldest first: bytes key (u16 length), the request
/// (version 2: u16 opcode and u64 hash, ``RequestFingerprint``; version 1: u32 length and the
/// request's bytes, fingerprinted when read), u64 LSN, i64 time, u32 events length and the
/// events. Version 2 is written; both are read.
public enum RetainedKeysCodec {
    static let version: UInt8 = 2
    /// The version that stored each request's bytes.
    static let withRequestsVersion: UInt8 = 1

    public static func encode(_ keys: RetainedKeys) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(version)
        bytes.appendLittleEndian(UInt16(keys.count))
        for commit in keys.commits {
            bytes.appendBytes(Array(commit.keyBytes))
            commit.request.withStoredBytes { bytes.append(contentsOf: $0) }
            bytes.appendLittleEndian(commit.lsn)
            bytes.appendLittleEndian(commit.at)
            bytes.appendSized(Array(commit.eventBytes))
        }
        return bytes
    }

    /// - Throws: ``EventCodecError`` (offset and reason) for bytes no version reads.
    public static func decode(_ bytes: [UInt8]) throws(EventCodecError) -> RetainedKeys {
        var reader = BinaryReader(bytes)
        do throws(BinaryReaderError) {
            let storedVersion = try reader.read(UInt8.self)
            guard storedVersion == version || storedVersion == withRequestsVersion else {
                throw BinaryReaderError(offset: 0, reason: "keys format version \(storedVersion), this server reads \(withRequestsVersion) and \(version)")
            }
            let count = Int(try reader.read(UInt16.self))
            var commits: [KeyedCommit] = []
            commits.reserveCapacity(count)
            for _ in 0..<count {
                let keyBytes = try reader.readKey()
                let key = storedVersion == version
                    ? CommitKey(key: keyBytes, request: try reader.readFingerprint())
                    : CommitKey(key: keyBytes, request: try reader.readSized())
                commits.append(KeyedCommit(key: key, lsn: try reader.read(), at: try reader.read(), events: try reader.readSized()))
            }
            guard reader.remaining == 0 else {
                throw BinaryReaderError(offset: reader.offset, reason: "\(reader.remaining) bytes after the last key")
            }
            return RetainedKeys(commits)
        } catch {
            throw EventCodecError(offset: error.offset, reason: error.reason)
        }
    }
}
