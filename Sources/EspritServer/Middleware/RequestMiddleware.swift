import EspritProtocol

/// What a link of the middleware decides about a request.
enum Verdict {
    /// On to the next link, then the operation.
    case proceed
    /// Answered here with this error; the operation does not run.
    case refused(WireError)
}

/// How a request was answered, as the links see it on the way back.
enum RequestAnswer {
    /// The operation's response or game error, and the LSN that must be durable before it
    /// leaves (0 for one that reflects nothing journaled).
    case reply(ShardReply)
    /// A link, or dispatch itself, answered with this error; the operation did not run.
    case refusal(WireError)
}

/// One link of the chain around dispatch: it sees every request before its operation runs, and
/// every answer to a request it let through on the way back (authorization, players' rate
/// limits and idempotency keys today; metrics is a link still to come).
protocol RequestLink: Sendable {
    /// Lets `call` on to the next link, or answers it here; `operation` is what it would run.
    func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict
    /// Sees the answer to a request this link let through (the operation's reply, or a later
    /// link's refusal), on the connection's loop, before the durability gate holds it: the
    /// reply's LSN says when it may leave.
    func answered(_ call: RequestCall, with answer: RequestAnswer)
}

extension RequestLink {
    func answered(_ call: RequestCall, with answer: RequestAnswer) {}
}

/// The chain of links around dispatch: each request passes them in order, then runs its
/// operation, unless a link answers it first; the answer passes back through the links that
/// let it through, in reverse order, then leaves for the client.
struct RequestMiddleware: Sendable {
    static let loginRequired = WireError(message: "log in first", details: .unauthorized)
    static let adminRequired = WireError(message: "admin operation: send ADMIN_LOGIN first", details: .unauthorized)

    /// The links, in the order they run.
    let links: [any RequestLink]

    static let standard = RequestMiddleware(links: [Authorization(), IdempotencyKeys(), PlayerRateLimit()])

    /// The standard links, then `extra` (a test's, or a feature's still to come).
    static func standard(then extra: [any RequestLink]) -> RequestMiddleware {
        RequestMiddleware(links: standard.links + extra)
    }

    /// Passes `call` through the links, then to `operation`.
    func dispatch(_ request: any WireRequest, to operation: OperationRegistry.Entry, _ call: RequestCall) {
        var call = call
        for link in links {
            if case let .refused(error) = link.admit(call, to: operation) {
                return call.refuse(error)
            }
            call.linksPassed += 1
        }
        operation.run(request, call)
    }

    /// Shows `answer` to the links `call` passed, last first, then sends it.
    func send(_ answer: RequestAnswer, to call: RequestCall) {
        var index = call.linksPassed
        while index > 0 {
            index -= 1
            links[index].answered(call, with: answer)
        }
        switch answer {
        case let .reply(reply):
            call.connection.reply(to: call.requestId, opcode: call.opcode, reply)
        case let .refusal(error):
            call.connection.sendError(requestId: call.requestId, opcode: call.opcode.rawValue, error)
        }
    }
}
