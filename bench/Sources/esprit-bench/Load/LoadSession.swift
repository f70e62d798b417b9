import NIOCore

/// One load connection's logic, without its socket: keeps `depth` requests in flight and
/// records every answer's latency. ``LoadLoop`` moves its bytes; the tests feed it directly.
///
/// Closed loop: an answer's arrival sends the next request on its slot. Open loop: requests are
/// due every `interval` from the start; one that falls due while every slot is busy waits in a
/// backlog, and every latency is measured from the time the request was due, not from when it
/// could be sent — a server that falls behind cannot hide its queue (no coordinated omission).
///
/// Times are uptime nanoseconds, passed in by the caller, so that a test can play the clock.
final class LoadSession<Traffic: LoadTraffic> {
    /// A constant, so that reading it borrows rather than copies (a copy retained every array
    /// it holds, per request).
    private let traffic: Traffic
    private var random: BenchRandom
    private let progress: Progress
    private(set) var phase: LoadPhase = .greeting(repliesLeft: 0)
    /// Bytes to send; the caller takes them after every call (``takeOutgoing(_:)``).
    private(set) var outgoing = ByteBuffer()
    private var received = ByteBuffer()
    /// Per slot, the request in flight on it.
    private var slots: [InFlightRequest?]
    private var freeSlots: [Int]
    /// Slots in the order their requests were sent, for targets that answer in order.
    private var sendOrder = CircularBuffer<Int>()
    /// Open loop: due times of requests that found every slot busy.
    private var backlog = CircularBuffer<UInt64>()
    private var nextDue: UInt64 = 0
    private var latencies: [OperationStats]
    private var sendLag = OperationStats()
    /// What the run recorded, once it is over (``LoadPhase/finished``).
    private(set) var stats = StatsByOperation()
    /// Why the connection failed before its run started, if it did.
    private(set) var failure: (any Error)?

    init(traffic: Traffic, depth: Int, random: BenchRandom, progress: Progress) {
        self.traffic = traffic
        self.random = random
        self.progress = progress
        slots = Array(repeating: nil, count: depth)
        freeSlots = Array((0..<depth).reversed())
        latencies = Array(repeating: OperationStats(), count: traffic.operations.count)
        outgoing.reserveCapacity(4096)
    }

    /// The connection is open: writes the greeting (a handshake, a login).
    func connected() {
        let replies = traffic.writeGreeting(into: &outgoing)
        phase = .greeting(repliesLeft: replies)
        if replies == 0 { phase = .ready }
    }

    /// Starts sending; the run ends at `schedule.stopAt`, or at `stopAt + drain` for answers
    /// that never came (see ``wake(now:)``).
    func begin(_ schedule: LoadSchedule, now: UInt64) {
        guard case .ready = phase else { return }
        phase = .running(schedule)
        if schedule.interval != nil {
            nextDue = schedule.start
            sendDue(now: now)
        } else {
            while let slot = freeSlots.popLast() { send(on: slot, due: now) }
        }
    }

    /// Bytes arrived from the target.
    func received(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        received.writeBytes(bytes)
        do {
            while true {
                switch try traffic.readReply(from: &received) {
                case .incomplete:
                    received.discardReadBytes()
                    return
                case .unsolicited:
                    continue
                case let .answer(slot, outcome):
                    try answered(slot: slot, outcome, now: now)
                }
            }
        } catch {
            fail(error)
        }
    }

    /// The connection closed or failed: before the run, the run cannot start; during it, the
    /// requests in flight count as errors.
    func fail(_ error: any Error) {
        switch phase {
        case .greeting, .ready:
            failure = error
            phase = .finished
        case .running:
            finish()
        case .finished:
            break
        }
    }

    /// Sends what fell due (open loop) and ends the run once its time is up; returns when it
    /// wants to be called again, or nil when it does not.
    func wake(now: UInt64) -> UInt64? {
        guard case let .running(schedule) = phase else { return nil }
        if now >= schedule.stopAt + schedule.drain {
            finish()
            return nil
        }
        if schedule.interval != nil {
            sendDue(now: now)
            if case .running = phase, nextDue < schedule.stopAt { return nextDue }
        }
        return schedule.stopAt + schedule.drain
    }

    /// Moves the bytes waiting to be sent into `buffer`'s place, leaving this session an empty
    /// buffer with `buffer`'s capacity (no allocation per send).
    func takeOutgoing(_ buffer: inout ByteBuffer) {
        buffer.clear()
        swap(&buffer, &outgoing)
    }

    private func answered(slot named: Int?, _ outcome: LoadOutcome, now: UInt64) throws {
        switch phase {
        case let .greeting(repliesLeft):
            guard outcome == .answered else { throw BenchError("the target refused the connection's greeting (handshake or login)") }
            phase = repliesLeft == 1 ? .ready : .greeting(repliesLeft: repliesLeft - 1)
        case let .running(schedule):
            guard let slot = Traffic.answersInOrder ? sendOrder.popFirst() : named, slots.indices.contains(slot), let request = slots[slot] else {
                throw BenchError("an answer to no request in flight")
            }
            slots[slot] = nil
            if request.due >= schedule.recordFrom {
                latencies[request.operation].record(outcome, nanoseconds: now - request.due)
                progress.count(failed: outcome == .failed, nanoseconds: now - request.due)
            }
            if schedule.interval != nil {
                if let due = backlog.popFirst() {
                    send(on: slot, due: due, now: now)
                } else {
                    freeSlots.append(slot)
                }
            } else if now < schedule.stopAt {
                send(on: slot, due: now)
            } else {
                freeSlots.append(slot)
            }
            if freeSlots.count == slots.count && backlog.isEmpty && now >= schedule.stopAt { finish() }
        case .ready, .finished:
            throw BenchError("an answer to no request in flight")
        }
    }

    /// Open loop: sends (or queues) every request due by now.
    private func sendDue(now: UInt64) {
        guard case let .running(schedule) = phase, let interval = schedule.interval else { return }
        while nextDue <= now && nextDue < schedule.stopAt {
            if let slot = freeSlots.popLast() {
                send(on: slot, due: nextDue, now: now)
            } else {
                backlog.append(nextDue)
            }
            nextDue += interval
        }
        if nextDue >= schedule.stopAt && freeSlots.count == slots.count && backlog.isEmpty {
            finish()
        }
    }

    private func send(on slot: Int, due: UInt64, now: UInt64? = nil) {
        if let now, case let .running(schedule) = phase, due >= schedule.recordFrom {
            sendLag.record(nanoseconds: now - due)
        }
        let operation = traffic.writeRequest(slot: slot, random: &random, into: &outgoing)
        slots[slot] = InFlightRequest(due: due, operation: operation)
        if Traffic.answersInOrder { sendOrder.append(slot) }
    }

    /// Ends the run: requests still unanswered (the drain time ran out) count as errors.
    private func finish() {
        guard case let .running(schedule) = phase else { return }
        phase = .finished
        for request in slots.compactMap({ $0 }) where request.due >= schedule.recordFrom {
            latencies[request.operation].errors += 1
        }
        sendLag.errors += backlog.filter { $0 >= schedule.recordFrom }.count
        for (index, name) in traffic.operations.enumerated() where latencies[index].latencies.totalCount > 0 || latencies[index].errors > 0 {
            stats.add(name, latencies[index])
        }
        stats.sendLag = sendLag
    }
}

/// When a load connection sends and records, shared by every connection of a run.
struct LoadSchedule {
    /// When the first request is due (open loop: this connection's first).
    var start: UInt64
    var recordFrom: UInt64
    var stopAt: UInt64
    /// Nanoseconds between this connection's requests in open loop; nil in closed loop.
    var interval: UInt64?
    /// How long past `stopAt` answers are waited for before the rest count as errors.
    var drain: UInt64 = 10_000_000_000
}

// The two types below live outside the generic class: nested in it, they were generic too, and
// every request's slot update looked their metadata up at run time (2 % of the generator's CPU).

/// Where a load connection is in its life.
enum LoadPhase {
    case greeting(repliesLeft: Int)
    case ready
    case running(LoadSchedule)
    case finished
}

/// A request awaiting its answer: when it was due, and which operation it was.
private struct InFlightRequest {
    var due: UInt64
    var operation: Int
}
