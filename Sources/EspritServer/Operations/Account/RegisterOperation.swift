import EspritGame
import EspritProtocol

/// `REGISTER`: a new player with a fresh login token. The directory numbers the player and
/// journals the registration (``PlayerDirectory``); the player's shard then installs it.
enum RegisterOperation: Operation {
    static let access = Access.none

    static func run(_ message: RegisterRequest, _ call: RequestCall) {
        let server = call.server
        let token = Credentials.newToken()
        var random = SystemRandomNumberGenerator()
        let outcome = server.directory.register(
            name: message.name, tokenHash: Credentials.hash(token), context: call.command, rules: server.rules, journal: server.journal, random: &random
        )
        switch outcome {
        case let .registered(registration):
            // The install must happen even if this connection closes meanwhile: the player is
            // journaled, and the checkpointer waits for every journaled registration to land.
            let shard = server.shard(for: registration.player.id)
            if shard.loop.inEventLoop {
                shard.assumeIsolated { $0.install(registration) }
            } else {
                shard.loop.execute { shard.assumeIsolated { $0.install(registration) } }
            }
            let response = RegisterResponse(playerId: registration.player.id, token: token)
            call.answer(ShardReply(.success(response), lsn: registration.lsn))
        case let .refused(error, lsn):
            call.answer(ShardReply(failure: error, lsn: lsn))
        }
    }
}
