import EspritProtocol

/// What a link of the middleware decides about a request.
enum Verdict {
    /// On to the next link, then the operation.
    case proceed
    /// Answered here with this error; the operation does not run.
    case refused(WireError)
}

/// One check every request passes before its operation runs (authorization today; rate
/// limits, idempotency keys and metrics are links still to come).
protocol RequestLink: Sendable {
    func admit(_ call: RequestCall, access: Access) -> Verdict
}

/// The chain of links around dispatch: each request passes them in order, then runs its
/// operation, unless a link answers it first.
struct RequestMiddleware: Sendable {
    static let loginRequired = WireError(message: "log in first", details: .unauthorized)
    static let adminRequired = WireError(message: "admin operation: send ADMIN_LOGIN first", details: .unauthorized)

    /// The links, in the order they run.
    let links: [any RequestLink]

    static let standard = RequestMiddleware(links: [Authorization()])

    /// Passes `call` through the links, then to `operation`.
    func dispatch(_ request: any WireRequest, to operation: OperationRegistry.Entry, _ call: RequestCall) {
        for link in links {
            if case let .refused(error) = link.admit(call, access: operation.access) {
                return call.refuse(error)
            }
        }
        operation.run(request, call)
    }
}
