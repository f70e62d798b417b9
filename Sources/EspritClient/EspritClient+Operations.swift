import EspritProtocol

/// One typed method per operation, so callers never match on ``Response`` themselves.
extension EspritClient {
    public func register(name: String, correlationId: String = "") async throws -> RegisterResponse {
        guard case let .register(response) = try await send(.register(RegisterRequest(name: name)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("REGISTER answered with another operation")
        }
        return response
    }

    public func login(playerId: UInt64, token: [UInt8], correlationId: String = "") async throws -> LoginResponse {
        guard case let .login(response) = try await send(.login(LoginRequest(playerId: playerId, token: token)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("LOGIN answered with another operation")
        }
        return response
    }

    public func profile(correlationId: String = "") async throws -> ProfileResponse {
        guard case let .getProfile(response) = try await send(.getProfile(GetProfileRequest()), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("GET_PROFILE answered with another operation")
        }
        return response
    }

    public func adminLogin(key: String, correlationId: String = "") async throws {
        guard case .adminLogin = try await send(.adminLogin(AdminLoginRequest(key: key)), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_LOGIN answered with another operation")
        }
    }

    public func grant(playerId: UInt64, currency: UInt8, amount: Int64, correlationId: String = "") async throws -> AdminGrantResponse {
        let request = AdminGrantRequest(playerId: playerId, currency: currency, amount: amount)
        guard case let .adminGrant(response) = try await send(.adminGrant(request), correlationId: correlationId) else {
            throw EspritClientError.protocolViolation("ADMIN_GRANT answered with another operation")
        }
        return response
    }
}
