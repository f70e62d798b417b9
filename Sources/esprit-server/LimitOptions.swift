import ArgumentParser
import EspritServer
import EspritStorage
import NIOCore

/// The flags of ``ConnectionLimits``, ``PlayerRateLimits`` and ``KeyRetention``: what one
/// client, or a stranger with many connections, may cost the server. Each falls back to its
/// `ESPRIT_*` variable, then to the default.
struct LimitOptions: ParsableArguments {
    @Option(help: "Open connections in all (default 10000; kept 256 below the descriptor limit).")
    var maxConnections: Int?

    @Option(help: "Open connections from one IP address (default 256).")
    var maxConnectionsPerAddress: Int?

    @Option(help: "Milliseconds a new connection has to send HELLO (default 5000).")
    var handshakeTimeoutMs: Int?

    @Option(help: "Milliseconds a frame has to arrive whole once it began (default 10000).")
    var frameTimeoutMs: Int?

    @Option(help: "Milliseconds without a request after which a connection is closed (default 300000).")
    var idleTimeoutMs: Int?

    @Option(help: "Largest frame body accepted before LOGIN or ADMIN_LOGIN (default 1024).")
    var maxFrameBytesBeforeLogin: Int?

    @Option(help: "Reply bytes a connection may have waiting before its requests stop being read (default 262144).")
    var maxUnsentReplyBytes: Int?

    @Option(help: "Bytes held for a subscriber whose socket takes no more before it is cut off (default 1048576).")
    var maxUnsentEventBytes: Int?

    @Option(help: "The kernel's send buffer per connection, SO_SNDBUF (default: the kernel's autotuning).")
    var socketSendBufferBytes: Int?

    @Option(help: "Failed logins one address may make at once (default 10)...")
    var loginFailureBurst: Int?

    @Option(help: "...then one per this many milliseconds (default 6000).")
    var loginFailureIntervalMs: Int?

    @Option(help: "REGISTERs one address may make at once (default 5)...")
    var registrationBurst: Int?

    @Option(help: "...then one per this many milliseconds (default 12000).")
    var registrationIntervalMs: Int?

    @Option(help: "GET_PROFILE, GET_COLLECTION, SUBSCRIBE and UNSUBSCRIBE one player may make per second, sustained (default 20; 0: no limit).")
    var playerReadsPerSecond: Int?

    @Option(help: "Reads one player may make at once above that (default 40).")
    var playerReadBurst: Int?

    @Option(help: "Game operations one player may make per second, sustained (default 20; 0: no limit).")
    var playerChangesPerSecond: Int?

    @Option(help: "Game operations one player may make at once above that (default 40).")
    var playerChangeBurst: Int?

    @Option(help: "Commits kept per subscribed player for a resume (default 64).")
    var pushHistoryCommits: Int?

    @Option(help: "Milliseconds a player's kept commits outlive its last subscriber (default 600000).")
    var pushResumeWindowMs: Int?

    @Option(help: "Milliseconds between two sends of the events that became durable to each loop's subscribers (default 20; 1–1000).")
    var pushFlushDelayMs: Int?

    @Option(help: "Milliseconds a change's idempotency key is kept after its commit (default 86400000: 24 h).")
    var idempotencyRetentionMs: Int?

    @Option(help: "Idempotency keys kept per player; past it, the oldest goes (default 1024; 0: none kept).")
    var idempotencyKeysPerPlayer: Int?

    /// The flags' environment variables, for `serve --help`.
    static let variables = [
        "ESPRIT_MAX_CONNECTIONS", "ESPRIT_MAX_CONNECTIONS_PER_ADDRESS", "ESPRIT_HANDSHAKE_TIMEOUT_MS", "ESPRIT_FRAME_TIMEOUT_MS",
        "ESPRIT_IDLE_TIMEOUT_MS", "ESPRIT_MAX_FRAME_BYTES_BEFORE_LOGIN", "ESPRIT_MAX_UNSENT_REPLY_BYTES", "ESPRIT_MAX_UNSENT_EVENT_BYTES",
        "ESPRIT_SOCKET_SEND_BUFFER_BYTES",
        "ESPRIT_LOGIN_FAILURE_BURST", "ESPRIT_LOGIN_FAILURE_INTERVAL_MS", "ESPRIT_REGISTRATION_BURST", "ESPRIT_REGISTRATION_INTERVAL_MS",
        "ESPRIT_PLAYER_READS_PER_SECOND", "ESPRIT_PLAYER_READ_BURST",
        "ESPRIT_PLAYER_CHANGES_PER_SECOND", "ESPRIT_PLAYER_CHANGE_BURST",
        "ESPRIT_IDEMPOTENCY_RETENTION_MS", "ESPRIT_IDEMPOTENCY_KEYS_PER_PLAYER", "ESPRIT_PUSH_HISTORY_COMMITS", "ESPRIT_PUSH_RESUME_WINDOW_MS", "ESPRIT_PUSH_FLUSH_DELAY_MS",
    ]

    /// A flag, else its variable, checked against `range`; nil when neither is set.
    private func setting(_ flag: Int?, _ name: String, _ variable: String, _ range: ClosedRange<Int>, _ environment: EnvironmentSettings) throws -> Int? {
        if let flag {
            guard range.contains(flag) else { throw ValidationError("--\(name) must be \(range.lowerBound)–\(range.upperBound), got \(flag)") }
            return flag
        }
        return try environment.int(variable, in: range)
    }

    /// Flags over variables over ``PlayerRateLimits``' defaults.
    func resolvePlayerRates(_ environment: EnvironmentSettings) throws -> PlayerRateLimits {
        var rates = PlayerRateLimits()
        let perSecond = 0...1_000_000_000
        let burst = 1...1_000_000_000
        rates.readsPerSecond = try setting(playerReadsPerSecond, "player-reads-per-second", "ESPRIT_PLAYER_READS_PER_SECOND", perSecond, environment)
            ?? rates.readsPerSecond
        rates.readBurst = try setting(playerReadBurst, "player-read-burst", "ESPRIT_PLAYER_READ_BURST", burst, environment) ?? rates.readBurst
        rates.changesPerSecond = try setting(playerChangesPerSecond, "player-changes-per-second", "ESPRIT_PLAYER_CHANGES_PER_SECOND", perSecond, environment)
            ?? rates.changesPerSecond
        rates.changeBurst = try setting(playerChangeBurst, "player-change-burst", "ESPRIT_PLAYER_CHANGE_BURST", burst, environment) ?? rates.changeBurst
        return rates
    }

    /// Flags over variables over ``KeyRetention``'s defaults.
    func resolveKeyRetention(_ environment: EnvironmentSettings) throws -> KeyRetention {
        var retention = KeyRetention.default
        let thirtyDays = 30 * 86_400_000
        if let ms = try setting(idempotencyRetentionMs, "idempotency-retention-ms", "ESPRIT_IDEMPOTENCY_RETENTION_MS", 1...thirtyDays, environment) {
            retention.milliseconds = Int64(ms)
        }
        retention.perPlayer = try setting(idempotencyKeysPerPlayer, "idempotency-keys-per-player", "ESPRIT_IDEMPOTENCY_KEYS_PER_PLAYER", 0...65_535, environment)
            ?? retention.perPlayer
        return retention
    }

    /// Flags over variables over ``PushSettings``' defaults.
    func resolvePush(_ environment: EnvironmentSettings) throws -> PushSettings {
        var push = PushSettings()
        push.historyCommits = try setting(pushHistoryCommits, "push-history-commits", "ESPRIT_PUSH_HISTORY_COMMITS", 0...65_535, environment) ?? push.historyCommits
        if let ms = try setting(pushResumeWindowMs, "push-resume-window-ms", "ESPRIT_PUSH_RESUME_WINDOW_MS", 0...86_400_000, environment) {
            push.resumeWindow = .milliseconds(Int64(ms))
        }
        if let ms = try setting(pushFlushDelayMs, "push-flush-delay-ms", "ESPRIT_PUSH_FLUSH_DELAY_MS", 1...1_000, environment) {
            push.flushDelay = .milliseconds(Int64(ms))
        }
        return push
    }

    /// Flags over variables over ``ConnectionLimits``' defaults.
    func resolve(_ environment: EnvironmentSettings) throws -> ConnectionLimits {
        var limits = ConnectionLimits()
        func setting(_ flag: Int?, _ name: String, _ variable: String, _ range: ClosedRange<Int>) throws -> Int? {
            try self.setting(flag, name, variable, range, environment)
        }
        let day = 86_400_000
        limits.maxConnections = try setting(maxConnections, "max-connections", "ESPRIT_MAX_CONNECTIONS", 1...10_000_000) ?? limits.maxConnections
        limits.maxConnectionsPerAddress = try setting(maxConnectionsPerAddress, "max-connections-per-address", "ESPRIT_MAX_CONNECTIONS_PER_ADDRESS", 1...10_000_000)
            ?? limits.maxConnectionsPerAddress
        if let ms = try setting(handshakeTimeoutMs, "handshake-timeout-ms", "ESPRIT_HANDSHAKE_TIMEOUT_MS", 1...day) {
            limits.handshakeTimeout = .milliseconds(Int64(ms))
        }
        if let ms = try setting(frameTimeoutMs, "frame-timeout-ms", "ESPRIT_FRAME_TIMEOUT_MS", 1...day) {
            limits.frameTimeout = .milliseconds(Int64(ms))
        }
        if let ms = try setting(idleTimeoutMs, "idle-timeout-ms", "ESPRIT_IDLE_TIMEOUT_MS", 1...(7 * day)) {
            limits.idleTimeout = .milliseconds(Int64(ms))
        }
        limits.maxFrameBytesBeforeLogin = try setting(maxFrameBytesBeforeLogin, "max-frame-bytes-before-login", "ESPRIT_MAX_FRAME_BYTES_BEFORE_LOGIN", 64...(1 << 20))
            ?? limits.maxFrameBytesBeforeLogin
        limits.maxUnsentReplyBytes = try setting(maxUnsentReplyBytes, "max-unsent-reply-bytes", "ESPRIT_MAX_UNSENT_REPLY_BYTES", 4_096...(1 << 30))
            ?? limits.maxUnsentReplyBytes
        limits.maxUnsentEventBytes = try setting(maxUnsentEventBytes, "max-unsent-event-bytes", "ESPRIT_MAX_UNSENT_EVENT_BYTES", 4_096...(1 << 30))
            ?? limits.maxUnsentEventBytes
        limits.socketSendBufferBytes = try setting(socketSendBufferBytes, "socket-send-buffer-bytes", "ESPRIT_SOCKET_SEND_BUFFER_BYTES", 1_024...(64 << 20))
        limits.loginFailureBurst = try setting(loginFailureBurst, "login-failure-burst", "ESPRIT_LOGIN_FAILURE_BURST", 1...1_000_000) ?? limits.loginFailureBurst
        if let ms = try setting(loginFailureIntervalMs, "login-failure-interval-ms", "ESPRIT_LOGIN_FAILURE_INTERVAL_MS", 1...day) {
            limits.loginFailureInterval = .milliseconds(Int64(ms))
        }
        limits.registrationBurst = try setting(registrationBurst, "registration-burst", "ESPRIT_REGISTRATION_BURST", 1...1_000_000_000) ?? limits.registrationBurst
        if let ms = try setting(registrationIntervalMs, "registration-interval-ms", "ESPRIT_REGISTRATION_INTERVAL_MS", 1...day) {
            limits.registrationInterval = .milliseconds(Int64(ms))
        }
        return limits
    }
}
