#if canImport(Glibc)
import Glibc
#endif
import CLinuxPoll
import Dispatch
import NIOCore

/// One generator thread's event loop: plain non-blocking sockets in one epoll set, a timerfd
/// for open-loop sends and the run's end, and a ``LoadSession`` per socket.
///
/// Why not SwiftNIO, which the generator used before: the generator shares the machine's cores
/// with the server under test, so every microsecond it spends per request is taken from the
/// server. Under NIO it spent 7–9 µs per request at depth 1, two fifths of it in user space
/// (the channel pipeline, a promise and a buffer per write, reference counting: 15 % of its
/// samples were `swift_retain`/`swift_release`); this loop reads into one buffer, writes from
/// one buffer, and allocates nothing per request.
///
/// Used from one thread at a time: ``greet()`` and then ``run(_:)``, each to its end.
final class LoadLoop<Traffic: LoadTraffic>: @unchecked Sendable {
    // @unchecked: the state is touched by whichever single thread runs the loop's current phase.

    private struct Connection {
        var fd: Int32
        var session: LoadSession<Traffic>
        /// Bytes the socket did not take yet (it was full); sent when it is writable again.
        var unsent = ByteBuffer()
        /// When the session wants ``LoadSession/wake(now:)``.
        var wakeAt: UInt64?
        var open = true
    }

    private var connections: [Connection]
    private let poll: Int32
    private let timer: Int32
    /// The timerfd's key in the epoll set (connections are keyed by their index).
    private static var timerKey: UInt64 { .max }
    /// What the timer is armed for, if anything.
    private var timerArmedFor: UInt64?
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var sendBuffer = ByteBuffer()

    /// Takes over `sockets` (connected, blocking or not), the `i`th for `sessions[i]`.
    init(sockets: [Int32], sessions: [LoadSession<Traffic>]) throws {
        poll = epoll_create1(Int32(EPOLL_CLOEXEC))
        timer = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        readBuffer = .allocate(byteCount: 64 << 10, alignment: 16)
        connections = zip(sockets, sessions).map { Connection(fd: $0, session: $1) }
        guard poll >= 0, timer >= 0 else { throw BenchError("the generator's event loop: \(String(cString: strerror(errno)))") }
        try watch(timer, key: Self.timerKey, events: EPOLLIN.rawValue, operation: EPOLL_CTL_ADD)
        for (index, connection) in connections.enumerated() {
            let flags = fcntl(connection.fd, F_GETFL)
            guard flags >= 0, fcntl(connection.fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
                throw BenchError("a load connection's socket: \(String(cString: strerror(errno)))")
            }
            try watch(connection.fd, key: UInt64(index), events: EPOLLIN.rawValue, operation: EPOLL_CTL_ADD)
        }
    }

    deinit {
        for connection in connections where connection.open { close(connection.fd) }
        close(timer)
        close(poll)
        readBuffer.deallocate()
    }

    /// Greets with each session in turn (a handshake, a login), each once the one before is
    /// ready: the server counts logins in flight from one address against its login throttle,
    /// and answers past its burst `RATE_LIMITED` even when the token is right.
    ///
    /// - Returns: the first failure, if any; the sessions after it are not greeted.
    func greet() -> (any Error)? {
        for index in connections.indices {
            connections[index].session.connected()
            send(index)
            runUntil {
                if case .greeting = connections[index].session.phase { return false }
                return true
            }
            if let failure = connections[index].session.failure { return failure }
        }
        return nil
    }

    /// Starts every session on its schedule and runs until all have finished; returns what they
    /// recorded, merged.
    func run(_ schedules: [LoadSchedule]) -> StatsByOperation {
        let now = Self.now()
        for index in connections.indices {
            connections[index].session.begin(schedules[index], now: now)
            connections[index].wakeAt = connections[index].session.wake(now: now)
            send(index)
        }
        runUntil {
            connections.allSatisfy { connection in
                if case .finished = connection.session.phase { return true }
                return false
            }
        }
        var all = StatsByOperation()
        for index in connections.indices {
            all.merge(connections[index].session.stats)
            if connections[index].open {
                connections[index].open = false
                close(connections[index].fd)
            }
        }
        return all
    }

    /// The clock sessions are given: uptime nanoseconds, as `DispatchTime` and the schedule
    /// count them.
    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    // MARK: The loop

    private func runUntil(_ done: () -> Bool) {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while !done() {
            armTimer()
            let ready = events.withUnsafeMutableBufferPointer { epoll_wait(poll, $0.baseAddress, Int32($0.count), -1) }
            if ready < 0 {
                if errno == EINTR { continue }
                fatalError("epoll_wait: \(String(cString: strerror(errno)))")
            }
            let now = Self.now()
            for event in events[0..<Int(ready)] {
                let key = event.data.u64
                if key == Self.timerKey {
                    timerFired(now: now)
                    continue
                }
                let index = Int(key)
                guard connections[index].open else { continue }
                if event.events & EPOLLOUT.rawValue != 0 {
                    writeUnsent(index)
                }
                if event.events & (EPOLLIN.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                    read(index, now: now)
                }
                send(index)
            }
        }
    }

    /// Reads what the socket holds and hands it to the session.
    private func read(_ index: Int, now: UInt64) {
        while connections[index].open {
            let count = Glibc.read(connections[index].fd, readBuffer.baseAddress, readBuffer.count)
            if count > 0 {
                connections[index].session.received(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]), now: now)
                if count < readBuffer.count { return }
            } else if count == 0 {
                return fail(index, BenchError("the connection closed"))
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else if errno != EINTR {
                return fail(index, BenchError("reading: \(String(cString: strerror(errno)))"))
            }
        }
    }

    /// Writes what the session has queued, after anything still unsent.
    private func send(_ index: Int) {
        guard connections[index].open else { return }
        connections[index].session.takeOutgoing(&sendBuffer)
        guard sendBuffer.readableBytes > 0 else { return }
        if connections[index].unsent.readableBytes > 0 {
            connections[index].unsent.writeBuffer(&sendBuffer)
            return
        }
        write(index, &sendBuffer)
        if sendBuffer.readableBytes > 0 {
            connections[index].unsent.writeBuffer(&sendBuffer)
            try? watch(connections[index].fd, key: UInt64(index), events: EPOLLIN.rawValue | EPOLLOUT.rawValue, operation: EPOLL_CTL_MOD)
        }
    }

    /// The socket is writable again: sends what it refused before.
    private func writeUnsent(_ index: Int) {
        var unsent = ByteBuffer()
        swap(&unsent, &connections[index].unsent)
        write(index, &unsent)
        swap(&unsent, &connections[index].unsent)
        if connections[index].open, connections[index].unsent.readableBytes == 0 {
            try? watch(connections[index].fd, key: UInt64(index), events: EPOLLIN.rawValue, operation: EPOLL_CTL_MOD)
        }
    }

    /// Writes as much of `buffer` as the socket takes, consuming it.
    private func write(_ index: Int, _ buffer: inout ByteBuffer) {
        while buffer.readableBytes > 0 {
            let written = buffer.withUnsafeReadableBytes { Glibc.write(connections[index].fd, $0.baseAddress, $0.count) }
            if written >= 0 {
                buffer.moveReaderIndex(forwardBy: written)
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else if errno != EINTR {
                buffer.clear()
                return fail(index, BenchError("writing: \(String(cString: strerror(errno)))"))
            }
        }
    }

    private func fail(_ index: Int, _ error: any Error) {
        connections[index].session.fail(error)
        connections[index].open = false
        close(connections[index].fd)
    }

    // MARK: Time

    private func timerFired(now: UInt64) {
        var expirations: UInt64 = 0
        _ = Glibc.read(timer, &expirations, MemoryLayout<UInt64>.size)
        timerArmedFor = nil
        for index in connections.indices {
            guard let wakeAt = connections[index].wakeAt, wakeAt <= now else { continue }
            connections[index].wakeAt = connections[index].session.wake(now: now)
            send(index)
        }
    }

    /// Arms the timer for the earliest wake any session asked for.
    private func armTimer() {
        guard let earliest = connections.lazy.compactMap(\.wakeAt).min(), earliest != timerArmedFor else { return }
        timerArmedFor = earliest
        let now = Self.now()
        let delay = earliest > now ? earliest - now : 1
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(delay / 1_000_000_000)
        spec.it_value.tv_nsec = Int(max(delay % 1_000_000_000, 1))
        timerfd_settime(timer, 0, &spec, nil)
    }

    private func watch(_ fd: Int32, key: UInt64, events: UInt32, operation: Int32) throws {
        var event = epoll_event()
        event.events = events
        event.data.u64 = key
        guard epoll_ctl(poll, operation, fd, &event) == 0 else {
            throw BenchError("epoll_ctl: \(String(cString: strerror(errno)))")
        }
    }
}
