#if canImport(Glibc)
import Glibc
#endif
@testable import esprit_bench
import EspritProtocol
import Foundation
import NIOCore
import Testing

/// ``LoadLoop`` over a socket pair: the loop runs on a thread of its own, as in a run, and the
/// test plays the server on the other end.
@Suite(.serialized) struct LoadLoopTests {
    /// The server's end of a socket pair, read and written with blocking calls.
    private final class ServerEnd {
        let fd: Int32
        private var received = ByteBuffer()

        init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }

        /// Reads until `count` whole frames are in, and returns their request ids (nil for HELLO).
        /// Fails rather than hangs when they stop coming for 10 s.
        func frames(_ count: Int) throws -> [UInt32?] {
            var ids = try wholeFrames()
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while ids.count < count {
                guard poll(&waiting, 1, 10_000) == 1 else { throw BenchError("only \(ids.count) of \(count) frames came") }
                guard try readMore() else { throw BenchError("the loop closed its end after \(ids.count) frames") }
                ids += try wholeFrames()
            }
            return ids
        }

        /// The frames that arrive within `milliseconds` (those already in, if any are), or
        /// none once the loop has closed its end.
        func framesArriving(within milliseconds: Int32) throws -> [UInt32?] {
            var ids = try wholeFrames()
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while ids.isEmpty, poll(&waiting, 1, milliseconds) == 1, try readMore() {
                ids += try wholeFrames()
            }
            return ids
        }

        private func wholeFrames() throws -> [UInt32?] {
            var ids: [UInt32?] = []
            while let length = received.getInteger(at: received.readerIndex, as: UInt32.self), received.readableBytes >= 4 + Int(length) {
                received.moveReaderIndex(forwardBy: 4)
                switch try ClientFrame.decode(body: received.readSlice(length: Int(length))!) {
                case .hello: ids.append(nil)
                case let .request(request): ids.append(request.requestId)
                }
            }
            return ids
        }

        /// Reads what has arrived; false once the loop has closed its end.
        private func readMore() throws -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let read = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard read >= 0 else { throw BenchError("reading the loop's requests: errno \(errno)") }
            received.writeBytes(chunk[0..<read])
            return read > 0
        }

        func send(_ frames: [ServerFrame]) {
            let bytes = Array(LoadSessionTests.encoded(frames).readableBytesView)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                precondition(written > 0, "the test's write failed")
                offset += written
            }
        }

        /// Whether the other end has closed (a read returns end of file).
        func peerClosed() -> Bool {
            var byte: UInt8 = 0
            return Glibc.read(fd, &byte, 1) == 0
        }
    }

    /// A socket pair: the loop's end and the server's end.
    private func socketPair(sendBufferBytes: Int32? = nil) throws -> (loop: Int32, server: ServerEnd) {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        if var size = sendBufferBytes {
            setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        return (fds[0], ServerEnd(fd: fds[1]))
    }

    /// A body running on a thread of its own, as ``LoadRun`` runs a loop's phases. The thread
    /// starts at once: started from a task instead, it could wait for a cooperative thread that
    /// the test itself blocks while it plays the server.
    private final class OnThread<Result: Sendable>: @unchecked Sendable {
        private var result: Result?
        private let done = DispatchSemaphore(value: 0)

        init(_ body: @escaping @Sendable () -> Result) {
            Thread { [self] in
                result = body()
                done.signal()
            }.start()
        }

        /// Waits for the body's result.
        func value() -> Result {
            done.wait()
            return result!
        }
    }

    /// The greeting, then a closed-loop run: every request the loop sends is answered, the run
    /// ends on its own after its stop time, and what it recorded is every answer the server gave.
    @Test func greetsRunsAndRecordsEveryAnswer() throws {
        let (socket, server) = try socketPair()
        let loop = try LoadLoop(sockets: [socket], sessions: [LoadSessionTests.session(depth: 2)])
        let bound = UncheckedSendable(loop)
        let greeted = OnThread { bound.value.greet().map { "\($0)" } }
        #expect(try server.frames(2) == [nil, 1], "HELLO, then the login")
        server.send([.welcome(Welcome(version: 1, maxFrameBytes: 1 << 20, serverTime: 0)), LoadSessionTests.response(1)])
        #expect(greeted.value() == nil)

        let now = LoadLoop<EspritTraffic>.now()
        let schedule = LoadSchedule(start: now, recordFrom: now, stopAt: now + 100_000_000, interval: nil)
        let recorded = OnThread { bound.value.run([schedule]) }
        let first = try server.frames(2).compactMap { $0 }
        #expect(Set(first) == [1, 2], "both slots are used at once")
        // Answers each request as it comes, until none has come for half a second: after the
        // stop time, answers no longer send the next request.
        var answered = 0
        var waiting = first
        while !waiting.isEmpty {
            server.send(waiting.map(LoadSessionTests.response))
            answered += waiting.count
            waiting = try server.framesArriving(within: 500).compactMap { $0 }
        }
        let stats = recorded.value()
        let quests = try #require(stats.operations["quest"])
        #expect(quests.latencies.totalCount == UInt64(answered))
        #expect(quests.errors == 0)
        #expect(server.peerClosed(), "the loop closes its sockets when the run is over")
    }

    /// More requests than the socket's buffer holds: the loop keeps what the socket refused and
    /// sends it, in order, once the server reads.
    @Test func requestsTheSocketRefusedAreSentOnceItDrains() throws {
        let depth = 3_000
        let (socket, server) = try socketPair(sendBufferBytes: 4_096)
        let loop = try LoadLoop(sockets: [socket], sessions: [LoadSessionTests.session(depth: depth)])
        let bound = UncheckedSendable(loop)
        let greeted = OnThread { bound.value.greet().map { "\($0)" } }
        _ = try server.frames(2)
        server.send([.welcome(Welcome(version: 1, maxFrameBytes: 1 << 20, serverTime: 0)), LoadSessionTests.response(1)])
        #expect(greeted.value() == nil)

        let now = LoadLoop<EspritTraffic>.now()
        // Stops at once: the first burst of `depth` requests is all there is to answer.
        let schedule = LoadSchedule(start: now, recordFrom: now, stopAt: now + 1, interval: nil)
        let recorded = OnThread { bound.value.run([schedule]) }
        let ids = try server.frames(depth).compactMap { $0 }
        #expect(Set(ids) == Set((1...UInt32(depth))), "every slot's request arrives whole")
        server.send(ids.map(LoadSessionTests.response))
        let stats = recorded.value()
        #expect(stats.operations["quest"]?.latencies.totalCount == UInt64(depth))
    }
}
