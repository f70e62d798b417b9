import NIOCore

/// What one client — or a stranger who never says HELLO — may cost the server. Every field is a
/// flag of `esprit-server` (README, "Limits") and is documented for clients in
/// `protocol/README.md`, with the frame that answers its breach.
public struct ConnectionLimits: Sendable, Equatable {
    /// Open connections in all. The server also keeps this below its descriptor limit (see
    /// ``DescriptorBudget``), so that clients can never take the descriptors the journal and
    /// LMDB need.
    public var maxConnections = 10_000
    /// Open connections from one remote IP address.
    public var maxConnectionsPerAddress = 256
    /// HELLO must arrive this long after the connection opens.
    public var handshakeTimeout: TimeAmount = .seconds(5)
    /// A frame whose first byte arrived must be complete this long after.
    public var frameTimeout: TimeAmount = .seconds(10)
    /// A connection with nothing in flight and no frame for this long is closed.
    public var idleTimeout: TimeAmount = .seconds(300)
    /// The largest frame body accepted before a successful `LOGIN` or `ADMIN_LOGIN` (HELLO
    /// included): what an anonymous connection can make the server buffer.
    public var maxFrameBytesBeforeLogin = 1_024
    /// Reply bytes a connection may have waiting (for durability, or for the client to read)
    /// before the server stops reading its requests.
    public var maxUnsentReplyBytes = 256 << 10
    /// Bytes the server holds for a subscriber whose socket takes no more output (its answers
    /// and `EVENT` pushes, beyond what the kernel took): an event that would pass it gets the
    /// subscriber `CLOSE` `LIMIT_REACHED` instead, so one that stopped reading cannot grow the
    /// server's memory.
    public var maxUnsentEventBytes = 1 << 20
    /// The kernel's send buffer for each connection (`SO_SNDBUF`, which Linux doubles); nil
    /// leaves it to the kernel's autotuning, up to `net.ipv4.tcp_wmem`'s maximum (4 MiB by
    /// default). What a client that does not read costs is this plus what the server holds.
    public var socketSendBufferBytes: Int?
    /// Failed `LOGIN`s and `ADMIN_LOGIN`s one remote address may make at once...
    public var loginFailureBurst = 10
    /// ...and then one per this interval (GAME.md: 10 a minute); beyond that they are answered
    /// `RATE_LIMITED`.
    public var loginFailureInterval: TimeAmount = .seconds(6)
    /// `REGISTER`s one remote address may make at once (GAME.md: 5 a minute)...
    public var registrationBurst = 5
    /// ...and then one per this interval; beyond that they are answered `RATE_LIMITED`.
    public var registrationInterval: TimeAmount = .seconds(12)

    public init() {}
}
