/// A player's retained keys as the checkpoint stores them (little-endian, like the journal):
/// u8 version (1), u16 count, then per commit, oldest first: bytes key (u16 length), u32
/// request length and the request, u64 LSN, i64 time, u32 events length and the events.
public enum RetainedKeysCodec {
    static let version: UInt8 = 1

    public static func encode(_ keys: RetainedKeys) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(version)
        bytes.appendLittleEndian(UInt16(keys.count))
        for commit in keys.commits {
            bytes.appendBytes(Array(commit.keyBytes))
            bytes.appendSized(Array(commit.requestBytes))
            bytes.appendLittleEndian(commit.lsn)
            bytes.appendLittleEndian(commit.at)
            bytes.appendSized(Array(commit.eventBytes))
        }
        return bytes
    }

    /// - Throws: ``EventCodecError`` (offset and reason) for bytes this version cannot read.
    public static func decode(_ bytes: [UInt8]) throws(EventCodecError) -> RetainedKeys {
        var reader = BinaryReader(bytes)
        do throws(BinaryReaderError) {
            let storedVersion = try reader.read(UInt8.self)
            guard storedVersion == version else {
                throw BinaryReaderError(offset: 0, reason: "keys format version \(storedVersion), this server reads \(version)")
            }
            let count = Int(try reader.read(UInt16.self))
            var commits: [KeyedCommit] = []
            commits.reserveCapacity(count)
            for _ in 0..<count {
                let key = CommitKey(key: try reader.readBytes(), request: try reader.readSized())
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
