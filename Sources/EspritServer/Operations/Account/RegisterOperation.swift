import EspritGame
import EspritProtocol
import NIOCore

/// `REGISTER`: a new player with a fresh login token. The directory claims the name and the
/// next id (``PlayerDirectory``); the new player's shard then runs the registration rule and
/// commits it like any other change (``Shard/register(_:name:_:)``).
enum RegisterOperation: Operation {
    static let access = Access.none

    /// How long to wait before asking again for a name another registration holds a claim on
    /// (it commits or gives it back within its shard's turn).
    static let contendedRetry = TimeAmount.milliseconds(1)
    /// How many times to ask before answering UNAVAILABLE.
    static let contendedAttempts = 1_000

    /// Every registration takes a token of its address's registration throttle first, refused
    /// or not: a stranger cannot fill the server with players.
    static func run(_ message: RegisterRequest, _ call: RequestCall) {
        if let retryAfter = call.server.registrationThrottle.attempt(call.connection.address) {
            return call.refuseRateLimited("registrations", retryAfterMs: retryAfter)
        }
        register(message, call, attempt: 1)
    }

    private static func register(_ message: RegisterRequest, _ call: RequestCall, attempt: Int) {
        let server = call.server
        // Checked before the claim too (the rule checks it again), so that a malformed name
        // never takes an id and makes a concurrent registration skip one.
        do throws(GameError) {
            try PlayerName.validate(message.name, config: server.rules.config)
        } catch {
            return call.fail(error)
        }
        switch server.directory.claim(message.name) {
        case let .taken(lsn):
            call.answer(ShardReply(failure: .validation(field: "name", reason: "\(message.name) is already taken"), lsn: lsn))
        case .contended:
            guard attempt < contendedAttempts, let loop = call.connection.context?.eventLoop else {
                return call.fail(.unavailable(reason: "\(message.name) is being registered by another request; retry"))
            }
            let bound = NIOLoopBound(call, eventLoop: loop)
            loop.scheduleTask(in: contendedRetry) { register(message, bound.value, attempt: attempt + 1) }
        case let .claimed(id):
            let token = Credentials.newToken()
            let (name, tokenHash, command) = (message.name, Credentials.hash(token), call.command)
            // Runs on the shard even if this connection closes meanwhile: the claim must end.
            call.answer(forPlayer: id) { shard, id in
                let answer = shard.register(id, name: name) { rules, random throws(GameError) in
                    try RegisterRule.run(playerId: id, name: name, tokenHash: tokenHash, context: command, rules: rules, random: &random)
                }
                return ShardReply(answer) { _ in RegisterResponse(playerId: id, token: token) }
            }
        }
    }
}
