/// A player's retained keys as the checkpoint stores them (little-endian, like the journal):
/// u8 version, u16 count, then per commit, oldest first: bytes key (u16 length), the request
/// (versions 2 and 3: u16 opcode and u64 hash, ``RequestFingerprint``; version 1: u32 length
/// and the request's bytes, fingerprinted when read), u64 LSN, i64 time, u32 length and the
/// events' payloads (version 3, ``EventCodec/encodePayloads(_:)``; versions 1 and 2 stored the
/// events as the journal encodes them, read as their payloads). Version 3 is written; all three
/// are read.
public enum RetainedKeysCodec {
    static let version: UInt8 = 3
    /// The version that stored each request's bytes, and its events whole.
    static let withRequestsVersion: UInt8 = 1
    /// The version that stored each commit's events whole.
    static let withEventsVersion: UInt8 = 2

    public static func encode(_ keys: RetainedKeys) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(version)
        bytes.appendLittleEndian(UInt16(keys.count))
        for commit in keys.commits {
            bytes.appendBytes(Array(commit.keyBytes))
            commit.request.withStoredBytes { bytes.append(contentsOf: $0) }
            bytes.appendLittleEndian(commit.lsn)
            bytes.appendLittleEndian(commit.at)
            bytes.appendSized(Array(commit.payloadBytes))
        }
        return bytes
    }

    /// - Throws: ``EventCodecError`` (offset and reason) for bytes no version reads.
    public static func decode(_ bytes: [UInt8]) throws(EventCodecError) -> RetainedKeys {
        var reader = BinaryReader(bytes)
        let storedVersion: UInt8
        var stored: [(key: CommitKey, lsn: UInt64, at: Int64, bytes: [UInt8])] = []
        do throws(BinaryReaderError) {
            storedVersion = try reader.read(UInt8.self)
            guard (withRequestsVersion...version).contains(storedVersion) else {
                throw BinaryReaderError(offset: 0, reason: "keys format version \(storedVersion), this server reads \(withRequestsVersion) to \(version)")
            }
            let count = Int(try reader.read(UInt16.self))
            stored.reserveCapacity(count)
            for _ in 0..<count {
                let keyBytes = try reader.readKey()
                let key = storedVersion == withRequestsVersion
                    ? CommitKey(key: keyBytes, request: try reader.readSized())
                    : CommitKey(key: keyBytes, request: try reader.readFingerprint())
                stored.append((key, try reader.read(), try reader.read(), try reader.readSized()))
            }
            guard reader.remaining == 0 else {
                throw BinaryReaderError(offset: reader.offset, reason: "\(reader.remaining) bytes after the last key")
            }
        } catch {
            throw EventCodecError(offset: error.offset, reason: error.reason)
        }
        var commits: [KeyedCommit] = []
        commits.reserveCapacity(stored.count)
        for commit in stored {
            let payloads = storedVersion <= withEventsVersion ? try EventCodec.payloads(of: commit.bytes[...]) : commit.bytes[...]
            commits.append(KeyedCommit(key: commit.key, lsn: commit.lsn, at: commit.at, payloads: payloads))
        }
        return RetainedKeys(commits)
    }
}
