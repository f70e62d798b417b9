#if canImport(Glibc)
import Glibc
#endif
import EspritProtocol
import Foundation
import NIOCore

/// A blocking socket that sends arbitrary bytes, for feeding the server what no well-behaved
/// client would. Reads time out after five seconds so a silent server fails the test instead of
/// hanging it.
final class RawConnection {
    private let fd: Int32
    /// The protocol version the frames are laid out in: the one the last `HELLO` named, when
    /// the server speaks it.
    private(set) var version = ProtocolVersion.v1

    /// - Parameters:
    ///   - receiveBufferBytes: the socket's receive buffer (`SO_RCVBUF`), set before
    ///     connecting; small, it keeps the kernel from absorbing what the client does not read.
    ///   - sendBufferBytes: the socket's send buffer (`SO_SNDBUF`); small, it keeps the kernel
    ///     from absorbing what the server does not read.
    init(port: Int, receiveBufferBytes: Int32? = nil, sendBufferBytes: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBufferBytes, socklen_t(MemoryLayout<Int32>.size))
        }
        if var sendBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sendBufferBytes, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw RawConnectionError.connectFailed(errno) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        if isOpen { close(fd) }
    }

    private var isOpen = true

    /// Closes the socket now; what the server has not read is dropped (a reset).
    func hangUp() {
        guard isOpen else { return }
        isOpen = false
        close(fd)
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Sends what the kernel takes now, without waiting: the bytes taken (0 when the socket's
    /// buffers are full).
    func sendWithoutWaiting(_ bytes: [UInt8]) -> Int {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return max(sent, 0)
    }

    func send(_ frame: ClientFrame) {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer, version: version)
        send(Array(buffer.readableBytesView))
    }

    func sendHello(version: UInt16 = ProtocolVersion.v1, magic: UInt32 = Hello.magic, clientName: String = "raw-test") {
        send(.hello(Hello(magic: magic, version: version, clientName: clientName)))
        if ProtocolVersion.supported.contains(version) { self.version = version }
    }

    /// Registers `name` and logs in as that player (after HELLO), using request ids 9001–9002.
    func registerAndLogIn(name: String) throws {
        send(.request(RequestFrame(requestId: 9001, request: RegisterRequest(name: name))))
        guard case let .response(registered) = try readFrame(), let player = registered.response as? RegisterResponse else {
            throw RawConnectionError.unexpectedAnswer("REGISTER")
        }
        send(.request(RequestFrame(requestId: 9002, request: LoginRequest(playerId: player.playerId, token: player.token))))
        guard case let .response(loggedIn) = try readFrame(), loggedIn.response is LoginResponse else {
            throw RawConnectionError.unexpectedAnswer("LOGIN")
        }
    }

    /// Sends `ADMIN_LOGIN` with `key` (after HELLO), using request id 9003.
    func adminLogIn(key: String) throws {
        send(.request(RequestFrame(requestId: 9003, request: AdminLoginRequest(key: key))))
        guard case let .response(answer) = try readFrame(), answer.response is AdminLoginResponse else {
            throw RawConnectionError.unexpectedAnswer("ADMIN_LOGIN")
        }
    }

    /// This socket's local port.
    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The bytes the server's end of this connection holds unsent in its kernel send queue
    /// (`tx_queue` of /proc/net/tcp), or nil when that socket is not listed.
    func serverSendQueue(serverPort: Int) -> Int? {
        let local = String(format: "0100007F:%04X", serverPort)
        let remote = String(format: "0100007F:%04X", localPort)
        // Read to the end: /proc files report no size, and the table outgrows one read.
        guard let handle = FileHandle(forReadingAtPath: "/proc/net/tcp") else { return nil }
        defer { try? handle.close() }
        let table = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[1] == local, fields[2] == remote else { continue }
            return fields[4].split(separator: ":").first.flatMap { Int($0, radix: 16) }
        }
        return nil
    }

    /// The next frame, or nil when the server closed the connection.
    func readFrame() throws -> ServerFrame? {
        guard let header = try read(count: 4) else { return nil }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard let body = try read(count: length) else { throw RawConnectionError.closedMidFrame }
        return try ServerFrame.decode(body: ByteBuffer(bytes: body), version: version)
    }

    /// True when the server closes the connection (after any frames still unread) before the
    /// read timeout; false when the connection is still open after it.
    func isClosedByServer() throws -> Bool {
        do {
            while try readFrame() != nil {}
            return true
        } catch RawConnectionError.readFailed(let code) where code == EAGAIN || code == EWOULDBLOCK {
            return false
        }
    }

    private func read(count: Int) throws -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let received = bytes[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received == 0 || (received < 0 && errno == ECONNRESET) {
                guard offset == 0 else { throw RawConnectionError.closedMidFrame }
                return nil
            }
            guard received > 0 else { throw RawConnectionError.readFailed(errno) }
            offset += received
        }
        return bytes
    }
}

enum RawConnectionError: Error {
    case connectFailed(Int32)
    case readFailed(Int32)
    case closedMidFrame
    case unexpectedAnswer(String)
}
