#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call, with the operation, the path and errno, so the log line says exactly
/// what the disk refused.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }

    /// The file system is out of space (or of the user's quota): a condition that passes, not
    /// damage.
    var isOutOfSpace: Bool { errno == ENOSPC || errno == EDQUOT }

    /// The process or the system has no file descriptor to spare (EMFILE, ENFILE): a condition
    /// that passes when connections close, not damage.
    public var isOutOfDescriptors: Bool { errno == EMFILE || errno == ENFILE }
}

/// Thin throwing wrappers over the POSIX calls the journal needs, retrying EINTR.
enum SystemFile {
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> Int32 {
        let fd = retryingInterrupts { Glibc.open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw SystemError(operation: "open", path: path, errno: errno) }
        return fd
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Writes every byte, continuing after short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
        try writeFully(bytes, path: path) { start, count, _ in Glibc.write(fd, start, count) }
    }

    /// Writes every byte at `offset`, continuing after short writes (the file's own offset
    /// does not move).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int, path: String) throws(SystemError) {
        try writeFully(bytes, path: path) { start, count, done in Glibc.pwrite(fd, start, count, off_t(offset + done)) }
    }

    /// Calls `write(start, count, bytesDoneSoFar)` until every byte is written.
    private static func writeFully(_ bytes: [UInt8], path: String, _ write: (UnsafeRawPointer, Int, Int) -> Int) throws(SystemError) {
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let written = retryingInterrupts { write(raw.baseAddress! + done, raw.count - done, done) }
                guard written >= 0 else { return errno }
                done += written
            }
            return nil
        }
        if let failure { throw SystemError(operation: "write", path: path, errno: failure) }
    }

    static func syncData(_ fd: Int32, path: String) throws(SystemError) {
        guard retryingInterrupts({ Glibc.fdatasync(fd) }) == 0 else {
            throw SystemError(operation: "fdatasync", path: path, errno: errno)
        }
    }

    static func truncate(_ fd: Int32, to length: Int, path: String) throws(SystemError) {
        guard retryingInterrupts({ Glibc.ftruncate(fd, off_t(length)) }) == 0 else {
            throw SystemError(operation: "ftruncate", path: path, errno: errno)
        }
    }

    /// Creates or replaces `path` with `bytes` crash-safely: `path.tmp` is written and synced,
    /// then renamed over `path`. The caller syncs the folder once it has written all it writes.
    static func writeReplacing(_ path: String, with bytes: [UInt8], temporarySuffix: String) throws(SystemError) {
        let temporaryPath = path + temporarySuffix
        let fd = try open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do throws(SystemError) {
            try writeAll(fd, bytes, path: temporaryPath)
            try syncData(fd, path: temporaryPath)
        } catch {
            close(fd)
            try? remove(temporaryPath)
            throw error
        }
        close(fd)
        try rename(temporaryPath, to: path)
    }

    static func rename(_ from: String, to: String) throws(SystemError) {
        guard Glibc.rename(from, to) == 0 else { throw SystemError(operation: "rename", path: from, errno: errno) }
    }

    static func remove(_ path: String) throws(SystemError) {
        guard Glibc.unlink(path) == 0 else { throw SystemError(operation: "unlink", path: path, errno: errno) }
    }

    /// Makes a rename or a new file in the folder open as `fd` survive a power loss. Needs no
    /// new descriptor, unlike ``syncDirectory(_:)``.
    static func syncDirectory(_ fd: Int32, path: String) throws(SystemError) {
        guard retryingInterrupts({ Glibc.fsync(fd) }) == 0 else { throw SystemError(operation: "fsync", path: path, errno: errno) }
    }

    /// Makes a rename or a new file in `directory` survive a power loss.
    static func syncDirectory(_ directory: String) throws(SystemError) {
        let fd = try open(directory, flags: O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        guard Glibc.fsync(fd) == 0 else { throw SystemError(operation: "fsync", path: directory, errno: errno) }
    }

    /// Creates `path` and any missing parents. Each new folder's parent is synced, so the new
    /// entry (and everything later written under it) survives a power loss.
    static func createDirectory(_ path: String) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            let parent = prefix.isEmpty ? "/" : prefix
            prefix += "/" + component
            if Glibc.mkdir(prefix, 0o755) == 0 {
                try syncDirectory(parent)
            } else if errno != EEXIST {
                throw SystemError(operation: "mkdir", path: prefix, errno: errno)
            }
        }
    }

    static func readAll(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = try open(path, flags: O_RDONLY)
        defer { close(fd) }
        // Straight into an array of the file's size: growing the array a chunk at a time
        // copied a 64 MiB segment several times over and faulted in every new allocation
        // (profiled under the checkpoint, which reads the journal back). A file that grows
        // meanwhile is read on to its end.
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError(operation: "fstat", path: path, errno: errno) }
        var failure: Int32?
        var result = [UInt8](unsafeUninitializedCapacity: Int(info.st_size)) { buffer, initialized in
            while initialized < buffer.count {
                let count = retryingInterrupts { Glibc.read(fd, buffer.baseAddress! + initialized, buffer.count - initialized) }
                guard count > 0 else {
                    if count < 0 { failure = errno }
                    return
                }
                initialized += count
            }
        }
        if let failure { throw SystemError(operation: "read", path: path, errno: failure) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try read(fd, into: &chunk, path: path)
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    static func read(_ fd: Int32, into buffer: inout [UInt8], path: String) throws(SystemError) -> Int {
        let count = buffer.withUnsafeMutableBytes { raw in
            retryingInterrupts { Glibc.read(fd, raw.baseAddress!, raw.count) }
        }
        guard count >= 0 else { throw SystemError(operation: "read", path: path, errno: errno) }
        return count
    }

    /// The size of the file at `path`.
    static func size(of path: String) throws(SystemError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SystemError(operation: "stat", path: path, errno: errno) }
        return Int(info.st_size)
    }

    static func listDirectory(_ path: String) throws(SystemError) -> [String] {
        guard let directory = opendir(path) else { throw SystemError(operation: "opendir", path: path, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func retryingInterrupts<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}
