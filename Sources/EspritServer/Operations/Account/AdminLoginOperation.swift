import EspritProtocol

/// `ADMIN_LOGIN`: makes the connection an operator's, given the server's admin key. Attempts
/// count against the address's login throttle; a success gives its token back.
enum AdminLoginOperation: Operation {
    static let access = Access.none

    static func run(_ message: AdminLoginRequest, _ call: RequestCall) {
        let connection = call.connection
        let server = call.server
        if let retryAfter = server.loginThrottle.attempt(connection.address) {
            return call.refuseRateLimited("failed logins", retryAfterMs: retryAfter)
        }
        guard let key = server.configuration.adminKey else {
            return call.refuse(WireError(message: "admin operations are disabled: the server has no admin key", details: .unauthorized))
        }
        guard Credentials.constantTimeEquals(Array(message.key.utf8), Array(key.utf8)) else {
            // Debug only: a guesser must not be able to fill the log (the throttle counts them).
            connection.logger.debug("admin login refused: wrong key")
            return call.refuse(WireError(message: "wrong admin key", details: .unauthorized))
        }
        server.loginThrottle.refund(connection.address)
        connection.isAdmin = true
        connection.sessionAuthenticated()
        call.answer(.success(AdminLoginResponse()))
    }
}
