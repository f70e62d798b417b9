import ArgumentParser
import EspritClient
import EspritGame

/// What each connection does in its loop.
enum Workload: String, ExpressibleByArgument, CaseIterable {
    /// `GET_PROFILE` of the connection's own player: a read, answered once its player's last
    /// change is durable.
    case read
    /// `ADMIN_GRANT` of 1 lumee to a random player: one small durable write.
    case grant

    /// Prepares one connection and returns the request it repeats.
    func prepare(_ client: EspritClient, index: Int, players: [UInt64], tokens: [[UInt8]], adminKey: String?) async throws -> @Sendable () async throws -> Void {
        switch self {
        case .read:
            _ = try await client.login(playerId: players[index % players.count], token: tokens[index % tokens.count])
            return { _ = try await client.profile() }
        case .grant:
            guard let adminKey else { throw ValidationError("the grant workload needs --admin-key (or ESPRIT_ADMIN_KEY)") }
            try await client.adminLogin(key: adminKey)
            return {
                let player = players[Int.random(in: 0..<players.count)]
                _ = try await client.grant(playerId: player, currency: Currency.lumees.rawValue, amount: 1)
            }
        }
    }
}
