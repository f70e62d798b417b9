import NIOCore

/// The protocol-specific half of the load generator: what one connection sends and how it reads
/// the answers. ``LoadConnection`` does the rest (slots, timing, histograms) the same way for
/// every target, so Esprit and Redis are measured by the same code.
protocol LoadTraffic: Sendable {
    /// The operations' names, indexed by what ``writeRequest(slot:random:into:)`` returns.
    var operations: [String] { get }
    /// Answered in order of the requests (Redis), or matched by the slot each reply names (Esprit).
    static var answersInOrder: Bool { get }

    /// Writes what the connection sends once connected, before any measured request (a
    /// handshake, a login), and returns how many replies it causes; each must be `.answered`.
    func writeGreeting(into buffer: inout ByteBuffer) -> Int

    /// Writes the next request of `slot` (0 ..< depth) and returns its operation's index.
    func writeRequest(slot: Int, random: inout BenchRandom, into buffer: inout ByteBuffer) -> Int

    /// Reads the next reply from `buffer`, consuming nothing when it is not all there yet.
    func readReply(from buffer: inout ByteBuffer) throws -> LoadReply
}

/// What ``LoadTraffic/readReply(from:)`` found at the front of the received bytes.
enum LoadReply: Equatable {
    /// Not a whole reply yet: wait for more bytes.
    case incomplete
    /// Something that answers no request (a pushed event): read past it.
    case unsolicited
    /// The answer to the request of `slot` (nil: the oldest request in flight).
    case answer(slot: Int?, LoadOutcome)
}

/// The outcome of one request: answered (a rule's refusal is an answer, counted apart) or
/// failed (the connection or the server failed).
enum LoadOutcome {
    case answered
    case refused
    /// `RATE_LIMITED`: the server's limit answered, not the operation (`--keep-rate-limits`).
    case limited
    case failed
}
