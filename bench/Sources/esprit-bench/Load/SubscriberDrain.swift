#if canImport(Glibc)
import Glibc
#endif
import CThreadName
import EspritProtocol
import Foundation
import NIOCore
import Synchronization

/// The subscribers of `--subscribe`: a v2 connection per player, logged in and subscribed, whose
/// pushed events one thread reads and drops without decoding them. They stand for game clients
/// on other machines, so they should cost the machine the generator shares with the server as
/// little as possible: one `poll` and one `read` per socket per millisecond at most, no frame
/// parsing. The thread closes the sockets once stopped.
final class SubscriberDrain: Sendable {
    /// Microseconds between two reads of the ready sockets.
    private static let readInterval: UInt32 = 1_000
    private let sockets: [Int32]
    private let stopped = Atomic<Bool>(false)

    /// Connects, logs each player in and subscribes it, one after the other: logins in flight at
    /// once from one address would take the server's failed-login tokens (it gives them back
    /// only on success) and get the load connections' own logins refused.
    init(players: [(id: UInt64, token: [UInt8])], host: String, port: Int) throws {
        var sockets: [Int32] = []
        for player in players {
            let fd = try LoadSocket.connect(host: host, port: port)
            var greeting = ByteBuffer()
            let v2 = ProtocolVersion.v2
            ClientFrame.hello(Hello(version: v2, clientName: "esprit-bench-subscriber")).encode(into: &greeting, version: v2)
            ClientFrame.request(RequestFrame(requestId: 1, request: LoginRequest(playerId: player.id, token: player.token))).encode(into: &greeting, version: v2)
            ClientFrame.request(RequestFrame(requestId: 2, request: SubscribeRequest(fromLsn: 0))).encode(into: &greeting, version: v2)
            let bytes = Array(greeting.readableBytesView)
            guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
                throw BenchError("a subscriber's greeting was not sent")
            }
            try Self.awaitFrames(3, on: fd)
            sockets.append(fd)
        }
        self.sockets = sockets
        Thread { [self] in
            esprit_set_thread_name("esprit-subs")
            drain()
        }.start()
    }

    /// Reads until `count` whole frames arrived (`WELCOME` and two answers); anything but
    /// `WELCOME` and `RESPONSE` (an `ERROR`, a `CLOSE`) means the subscription failed.
    private static func awaitFrames(_ count: Int, on fd: Int32) throws {
        var received: [UInt8] = []
        var frames = 0
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while frames < count {
            let read = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard read > 0 else { throw BenchError("a subscriber's connection closed during its greeting") }
            received += buffer[..<read]
            while received.count >= 4 {
                let length = Int(received[0]) << 24 | Int(received[1]) << 16 | Int(received[2]) << 8 | Int(received[3])
                guard received.count >= 4 + length else { break }
                guard length >= 1, [FrameType.welcome.rawValue, FrameType.response.rawValue].contains(received[4]) else {
                    throw BenchError("a subscriber's LOGIN or SUBSCRIBE was refused (frame type \(received.count > 4 ? received[4] : 0))")
                }
                received.removeFirst(4 + length)
                frames += 1
            }
        }
    }

    /// Reads whatever arrives until ``stop()``.
    private func drain() {
        var polled = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while !stopped.load(ordering: .relaxed) {
            guard poll(&polled, nfds_t(polled.count), 100) > 0 else { continue }
            for index in polled.indices where polled[index].revents != 0 {
                if read(polled[index].fd, buffer, 1 << 16) <= 0 { polled[index].events = 0 }
            }
            // The events wait in the kernel meanwhile: reading at most every millisecond wakes
            // this thread once per millisecond at most, not once per send of the server.
            usleep(Self.readInterval)
        }
        for fd in sockets { close(fd) }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
