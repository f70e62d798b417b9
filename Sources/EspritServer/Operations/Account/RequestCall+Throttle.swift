import EspritProtocol

extension RequestCall {
    /// Answers a login attempt the address's throttle refused (``LoginThrottle``).
    func refuseRateLimited(retryAfterMs: Int64) {
        refuse(WireError(
            message: "too many failed logins from \(connection.address); retry in \(retryAfterMs) ms",
            details: .rateLimited(retryAfterMs: retryAfterMs)
        ))
    }
}
