/// Lets a request through only on a connection with the session its operation needs
/// (protocol/README.md, "Operations": `UNAUTHORIZED` otherwise).
struct Authorization: RequestLink {
    func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict {
        switch operation.access {
        case .none: .proceed
        case .player: call.playerId == nil ? .refused(RequestMiddleware.loginRequired) : .proceed
        case .admin: call.connection.isAdmin ? .proceed : .refused(RequestMiddleware.adminRequired)
        }
    }
}
