import NIOCore

/// One load connection: keeps `depth` requests in flight and records every answer's latency,
/// all on the connection's event loop, with no task or promise per request. A generator that
/// costs little per request leaves the shared cores to the server under test.
///
/// Closed loop: an answer's arrival sends the next request on its slot. Open loop: requests are
/// due every `interval` from the start; one that falls due while every slot is busy waits in a
/// backlog, and every latency is measured from the time the request was due, not from when it
/// could be sent — a server that falls behind cannot hide its queue (no coordinated omission).
final class LoadConnection<Traffic: LoadTraffic>: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A constant, so that reading it borrows rather than copies (a copy retained every array
    /// it holds, per request).
    private let traffic: Traffic
    private var random: BenchRandom
    private let progress: Progress
    private let ready: EventLoopPromise<Void>
    private let finished: EventLoopPromise<StatsByOperation>
    private var phase: LoadPhase
    private var received: ByteBuffer?
    private var context: ChannelHandlerContext?
    /// The loop's clock (real on a real loop; the test's own on an `EmbeddedEventLoop`), in
    /// uptime nanoseconds, as the schedule counts.
    private var now: UInt64 { (context?.eventLoop.now ?? .now()).uptimeNanoseconds }
    private var outgoing: ByteBuffer
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

    init(traffic: Traffic, depth: Int, random: BenchRandom, progress: Progress, ready: EventLoopPromise<Void>, finished: EventLoopPromise<StatsByOperation>) {
        self.traffic = traffic
        self.random = random
        self.progress = progress
        self.ready = ready
        self.finished = finished
        phase = .greeting(repliesLeft: 0)
        outgoing = ByteBuffer()
        slots = Array(repeating: nil, count: depth)
        freeSlots = Array((0..<depth).reversed())
        latencies = Array(repeating: OperationStats(), count: traffic.operations.count)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        outgoing = context.channel.allocator.buffer(capacity: 4096)
    }

    func channelActive(context: ChannelHandlerContext) {
        let replies = traffic.writeGreeting(into: &outgoing)
        flush()
        phase = .greeting(repliesLeft: replies)
        if replies == 0 { greeted() }
        context.fireChannelActive()
    }

    /// Starts sending on the event loop; `finished` completes once the run is over.
    func begin(_ schedule: LoadSchedule) {
        guard case .ready = phase else { return }
        phase = .running(schedule)
        if schedule.interval != nil {
            nextDue = schedule.start
            sendDue()
        } else {
            let now = self.now
            while let slot = freeSlots.popLast() { send(on: slot, due: now) }
            flush()
        }
        if let context {
            let connection = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: .uptimeNanoseconds(schedule.stopAt + schedule.drain)) { connection.value.finish() }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if received == nil {
            received = bytes
        } else {
            received!.writeBuffer(&bytes)
        }
        do {
            while true {
                let reply = try traffic.readReply(from: &received!)
                switch reply {
                case .incomplete:
                    received!.discardReadBytes()
                    flush()
                    return
                case .unsolicited:
                    continue
                case let .answer(slot, outcome):
                    try answered(slot: slot, outcome)
                }
            }
        } catch {
            fail(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(BenchError("the connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func answered(slot named: Int?, _ outcome: LoadOutcome) throws {
        switch phase {
        case let .greeting(repliesLeft):
            guard outcome == .answered else { throw BenchError("the target refused the connection's greeting (handshake or login)") }
            phase = .greeting(repliesLeft: repliesLeft - 1)
            if repliesLeft == 1 { greeted() }
        case let .running(schedule):
            guard let slot = Traffic.answersInOrder ? sendOrder.popFirst() : named, slots.indices.contains(slot), let request = slots[slot] else {
                throw BenchError("an answer to no request in flight")
            }
            slots[slot] = nil
            let now = self.now
            if request.due >= schedule.recordFrom {
                latencies[request.operation].record(outcome, nanoseconds: now - request.due)
                progress.count(failed: outcome == .failed)
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

    private func greeted() {
        phase = .ready
        ready.succeed(())
    }

    /// Open loop: sends (or queues) every request due by now, then sleeps until the next.
    private func sendDue() {
        guard case let .running(schedule) = phase, let interval = schedule.interval else { return }
        let now = self.now
        while nextDue <= now && nextDue < schedule.stopAt {
            if let slot = freeSlots.popLast() {
                send(on: slot, due: nextDue, now: now)
            } else {
                backlog.append(nextDue)
            }
            nextDue += interval
        }
        flush()
        if nextDue < schedule.stopAt, let context {
            let connection = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: .uptimeNanoseconds(nextDue)) { connection.value.sendDue() }
        } else if freeSlots.count == slots.count && backlog.isEmpty {
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

    private func flush() {
        guard outgoing.readableBytes > 0, let context else { return }
        context.writeAndFlush(wrapOutboundOut(outgoing), promise: nil)
        outgoing = context.channel.allocator.buffer(capacity: 4096)
    }

    /// Ends the run: requests still unanswered (the drain time ran out) count as errors.
    private func finish() {
        guard case let .running(schedule) = phase else { return }
        phase = .finished
        for request in slots.compactMap({ $0 }) where request.due >= schedule.recordFrom {
            latencies[request.operation].errors += 1
        }
        sendLag.errors += backlog.filter { $0 >= schedule.recordFrom }.count
        var stats = StatsByOperation()
        for (index, name) in traffic.operations.enumerated() where latencies[index].latencies.totalCount > 0 || latencies[index].errors > 0 {
            stats.add(name, latencies[index])
        }
        stats.sendLag = sendLag
        finished.succeed(stats)
        context?.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        switch phase {
        case .greeting, .ready:
            phase = .finished
            ready.fail(error)
            finished.fail(error)
        case .running:
            finish()
        case .finished:
            break
        }
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
private enum LoadPhase {
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
