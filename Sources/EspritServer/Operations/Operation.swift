import EspritGame
import EspritProtocol

/// Who may call an operation: the `session` column of protocol/README.md's table.
enum Access: String, Sendable {
    /// Anyone who has said HELLO.
    case none
    /// A connection logged in as a player (`LOGIN`); the operation acts on that player.
    case player
    /// A connection logged in as an operator (`ADMIN_LOGIN`).
    case admin
}

/// One opcode of the protocol: its request message (which names the opcode and the response,
/// ``WireRequest``), who may call it, and what it runs. Each lives in a file of its own under
/// `Operations/` and is listed once in ``OperationRegistry``; the middleware
/// (``RequestMiddleware``) checks `access` before `run` is called.
protocol Operation: SendableMetatype {
    /// The request message this operation takes; its type says the opcode and the response.
    associatedtype Message: WireRequest
    static var access: Access { get }
    /// The player's token bucket it takes from (``PlayerRateLimit``); nil for none.
    static var rateClass: RateClass? { get }
    /// Whether a v2 request may carry an idempotency key: operations that commit a change to
    /// one player (``IdempotencyClaim``). Others are refused a key (``IdempotencyKeys``).
    static var takesIdempotencyKey: Bool { get }
    /// Does the work and answers through `call` with a `Message.Response` or an error, now or later.
    static func run(_ message: Message, _ call: RequestCall)
}

extension Operation {
    static var opcode: Opcode { Message.opcode }

    static var rateClass: RateClass? { nil }

    static var takesIdempotencyKey: Bool { false }

    /// What the registry keeps to dispatch to this operation.
    static var registryEntry: OperationRegistry.Entry { OperationRegistry.Entry(Self.self) }

    /// Runs `request`, which the registry found under this operation's opcode.
    static func dispatch(_ request: any WireRequest, _ call: RequestCall) {
        guard let message = request as? Message else {
            return call.fail(.internal(correlationId: call.command.correlationId))
        }
        run(message, call)
    }
}

/// An operation that runs a game rule on the logged-in player's shard and answers with the
/// events it caused.
protocol GameRuleOperation: Operation where Message.Response == EventsResponse {
    /// The rule bound to its request, or the refusal of a field no rule can take.
    static func rule(for message: Message, command: CommandContext) -> Result<GameOperations.BoundRule, GameError>
}

extension GameRuleOperation {
    static var access: Access { .player }
    static var rateClass: RateClass? { .change }
    static var takesIdempotencyKey: Bool { true }

    static func run(_ message: Message, _ call: RequestCall) {
        switch rule(for: message, command: call.command) {
        case let .success(rule):
            let claim = call.idempotency
            call.onPlayersShard { shard, playerId in
                ShardReply(shard.play(playerId, rule, claim: claim) { EventsResponse(events: $0.map(\.wireEvent)) })
            }
        case let .failure(error):
            call.fail(error)
        }
    }
}
