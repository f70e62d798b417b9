import EspritProtocol
import NIOCore

/// A connection's decisions, apart from its channel: its phase, which frames it may take and
/// when, when it reads, and which deadline has passed. A value type with no I/O: the
/// ``ConnectionHandler`` tells it what happened and carries out what it answers, and tests
/// drive it with no socket at all.
///
/// The rules it keeps:
/// - **Backpressure.** A frame is taken only while fewer than `maxRequestsInFlight` requests
///   and `maxUnsentReplyBytes` of replies wait and the socket takes output. A read is allowed
///   only then, and only once every frame already read has been taken: what a client
///   pipelines past that waits in its own socket, not in our memory.
/// - **Session changes in order.** While a `LOGIN` is processed (and, after it, while the
///   connection moves to its player's loop), no frame is taken, so that requests pipelined
///   behind it act as the player it logged in.
/// - **Deadlines.** HELLO within the handshake timeout; a frame, once begun, within the frame
///   timeout (counted only while the server is reading); the next frame within the idle
///   timeout; a client that takes none of its output for the idle timeout is cut off.
struct ConnectionState {
    enum Phase {
        case awaitingHello
        case ready
        case closed
    }

    /// What the next frame is, when one may be taken.
    enum Next: Equatable {
        case frame(ByteBuffer)
        /// A length prefix above the frame limit: the connection must close.
        case tooLarge(FrameTooLargeError)
    }

    /// A deadline that has passed.
    enum Expiry: Equatable {
        case handshake
        case frame
        case outputBlocked
        case idle
    }

    private(set) var phase = Phase.awaitingHello
    /// The protocol version `HELLO` negotiated: how this connection's frames are laid out.
    private(set) var version = ProtocolVersion.v1
    private(set) var frames: InboundFrames
    /// Requests taken and not yet answered on the socket.
    private(set) var inFlight = 0
    /// Bytes of replies queued for the durability gate and not yet written to the socket.
    private(set) var unsentReplyBytes = 0
    /// A session change (`LOGIN`, or the move after one) is under way: no frame is taken.
    private(set) var sessionChangeInFlight = false
    /// NIO asked to read while reading was not allowed; the read waits for ``resumeReading(now:)``.
    private(set) var readPending = false
    private(set) var writable = true
    private let limits: ConnectionLimits
    private let maxRequestsInFlight: Int
    /// The frame limit once the connection is authenticated.
    private let maxFrameBytes: Int
    private let connectedAt: NIODeadline
    /// When a frame last arrived or a reply last left: the idle timeout counts from here.
    private(set) var lastActivity: NIODeadline
    /// Since when the socket has taken no more output.
    private var outputBlockedSince: NIODeadline?

    init(limits: ConnectionLimits, maxRequestsInFlight: Int, maxFrameBytes: Int, now: NIODeadline) {
        self.limits = limits
        self.maxRequestsInFlight = maxRequestsInFlight
        self.maxFrameBytes = maxFrameBytes
        self.frames = InboundFrames(maxFrameBytes: limits.maxFrameBytesBeforeLogin)
        self.connectedAt = now
        self.lastActivity = now
    }

    /// A connection handed over from another loop after a `LOGIN`: ready and authenticated,
    /// with the bytes its client pipelined behind the `LOGIN`.
    init(handedOver handoff: ConnectionHandoff, limits: ConnectionLimits, maxRequestsInFlight: Int, maxFrameBytes: Int, now: NIODeadline) {
        self.init(limits: limits, maxRequestsInFlight: maxRequestsInFlight, maxFrameBytes: maxFrameBytes, now: now)
        phase = .ready
        version = handoff.version
        frames = handoff.frames
        // The frame partly received waited for the move, not for the client: its clock restarts.
        frames.restartPartialClock(at: now)
        lastActivity = handoff.lastActivity
        authenticated()
    }

    // MARK: Frames in

    /// Whether a request may be taken now.
    var mayTakeFrames: Bool {
        phase != .closed && !sessionChangeInFlight && inFlight < maxRequestsInFlight && unsentReplyBytes < limits.maxUnsentReplyBytes && writable
    }

    /// Bytes read from the socket.
    mutating func received(_ bytes: ByteBuffer, now: NIODeadline) {
        frames.append(bytes, now: now)
    }

    /// The next frame, if one is complete and may be taken now; nil otherwise.
    mutating func nextFrame(now: NIODeadline) -> Next? {
        guard mayTakeFrames else { return nil }
        do throws(FrameTooLargeError) {
            return try frames.next(now: now).map(Next.frame)
        } catch {
            return .tooLarge(error)
        }
    }

    /// A frame's request was taken: it counts in flight until its reply is written.
    mutating func requestTaken() {
        inFlight += 1
    }

    /// A reply of `bytes` went to the durability gate.
    mutating func replyQueued(bytes: Int) {
        unsentReplyBytes += bytes
    }

    /// A reply of `bytes` was written to the socket: its request is answered.
    mutating func replyWritten(bytes: Int, now: NIODeadline) {
        unsentReplyBytes -= bytes
        inFlight -= 1
        if inFlight == 0 { lastActivity = now }
    }

    /// A read burst ended.
    mutating func readBurstEnded(now: NIODeadline) {
        frames.shrinkIfSparse()
        lastActivity = now
    }

    // MARK: Reading

    /// NIO asks to read: true to read now; false holds the read until ``resumeReading(now:)``.
    mutating func shouldRead() -> Bool {
        guard phase != .closed else { return false }
        if mayTakeFrames && !frames.hasCompleteFrame { return true }
        readPending = true
        return false
    }

    /// Whether frames that waited for budget can be taken now.
    var hasFramesToResume: Bool {
        (readPending || frames.hasCompleteFrame) && mayTakeFrames
    }

    /// After the frames that waited were taken: true when a held read may go ahead now. The
    /// frame now partly received waited for the server, not for the client, so its clock
    /// restarts.
    mutating func resumeReading(now: NIODeadline) -> Bool {
        guard readPending, mayTakeFrames, !frames.hasCompleteFrame else { return false }
        readPending = false
        frames.restartPartialClock(at: now)
        return true
    }

    /// Whether the socket takes output; the idle timeout runs against a client that reads none.
    mutating func writabilityChanged(_ writable: Bool, now: NIODeadline) {
        self.writable = writable
        if writable {
            outputBlockedSince = nil
        } else if outputBlockedSince == nil {
            outputBlockedSince = now
        }
    }

    // MARK: Session

    /// A `HELLO` arrived: the version to answer `WELCOME` in, or why the connection closes
    /// (a second HELLO, another protocol's first bytes, a version this server does not speak).
    mutating func receivedHello(_ hello: Hello) -> Result<UInt16, WireError> {
        guard phase == .awaitingHello else {
            return .failure(WireError(message: "HELLO was already accepted", details: .invalidOperation(operation: "HELLO", reason: "already accepted")))
        }
        guard hello.magic == Hello.magic else {
            return .failure(WireError(message: "not an Esprit client", details: .validation(field: "magic", reason: "expected 0x45535052 (\"ESPR\")")))
        }
        let range = ProtocolVersion.supported
        guard range.contains(hello.version) else {
            return .failure(WireError(
                message: "protocol version \(hello.version) is not supported",
                details: .validation(field: "version", reason: "this server speaks versions \(range.lowerBound)–\(range.upperBound)")
            ))
        }
        phase = .ready
        version = hello.version
        return .success(hello.version)
    }

    /// A `LOGIN` is under way: no frame is taken until ``sessionChangeEnded()``.
    mutating func sessionChangeBegan() {
        sessionChangeInFlight = true
    }

    mutating func sessionChangeEnded() {
        sessionChangeInFlight = false
    }

    /// After a successful `LOGIN` or `ADMIN_LOGIN`: frames up to the full limit are accepted.
    mutating func authenticated() {
        frames.maxFrameBytes = maxFrameBytes
    }

    mutating func closed() {
        phase = .closed
    }

    // MARK: Deadlines

    /// The next moment a deadline may pass: HELLO's before the handshake, the partly received
    /// frame's while reading, the idle timeout's otherwise.
    func nextDeadline() -> NIODeadline {
        var deadline = phase == .awaitingHello ? connectedAt + limits.handshakeTimeout : lastActivity + limits.idleTimeout
        if waitingForTheRestOfAFrame, let partialSince = frames.partialSince {
            deadline = min(deadline, partialSince + limits.frameTimeout)
        }
        if let outputBlockedSince {
            deadline = min(deadline, outputBlockedSince + limits.idleTimeout)
        }
        return deadline
    }

    /// The deadline that has passed at `now`, if any. A busy connection (requests in flight, a
    /// frame held back by the server) is not idle, whatever the time.
    func expiry(at now: NIODeadline) -> Expiry? {
        if phase == .awaitingHello, now >= connectedAt + limits.handshakeTimeout { return .handshake }
        if waitingForTheRestOfAFrame, let partialSince = frames.partialSince, now >= partialSince + limits.frameTimeout { return .frame }
        if let outputBlockedSince, now >= outputBlockedSince + limits.idleTimeout { return .outputBlocked }
        if phase == .ready, inFlight == 0, frames.partialSince == nil, now >= lastActivity + limits.idleTimeout { return .idle }
        return nil
    }

    /// The server is reading and what it holds ends in an incomplete frame: only then does the
    /// frame timeout run against the client.
    private var waitingForTheRestOfAFrame: Bool {
        !readPending && !frames.hasCompleteFrame && frames.partialSince != nil
    }
}
