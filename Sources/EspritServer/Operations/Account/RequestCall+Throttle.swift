import EspritProtocol

extension RequestCall {
    /// Answers an attempt the address's throttle refused (``AddressThrottle``); `what` names
    /// what was counted ("failed logins", "registrations").
    func refuseRateLimited(_ what: String, retryAfterMs: Int64) {
        refuse(WireError(
            message: "too many \(what) from \(connection.address); retry in \(retryAfterMs) ms",
            details: .rateLimited(retryAfterMs: retryAfterMs)
        ))
    }
}
