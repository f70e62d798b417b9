import ArgumentParser
import EspritClient
import EspritGame
import EspritProtocol

/// What each connection sends.
enum Workload: String, ExpressibleByArgument, CaseIterable {
    /// `GET_PROFILE` of the connection's own player: a read, answered once its player's last
    /// change is durable.
    case read
    /// `ADMIN_GRANT` of 1 lumee to a random player: one small durable write.
    case grant
    /// `QUEST` zone 1 by the connection's own player (spawn the server with
    /// `bench/quest-config.json`, which makes quests free of energy, to compare with Redis).
    case quest
    /// A player's session: quest 30 %, profile 25 %, collect 15 %, summon 10 %, fuse 10 %,
    /// awaken 10 %, after a set-up that funds each player and builds a lumee mine.
    case game

    /// The outcome of one request: answered (a rule's refusal is an answer, counted apart) or
    /// failed (the connection or the server failed).
    enum Outcome {
        case answered
        case refused
        case failed
    }

    /// One connection's request source: each call picks the next operation with the slot's
    /// generator and performs it.
    typealias Driver = @Sendable (inout BenchRandom) async -> (operation: String, outcome: Outcome)

    /// Registers one player per connection, does the workload's set-up, and returns one
    /// driver per connection.
    func prepare(_ clients: [EspritClient], adminKey: String?) async throws -> [Driver] {
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        var players: [(id: UInt64, token: [UInt8])] = []
        for index in clients.indices {
            let registered = try await clients[0].register(name: "b\(run)_\(index)")
            players.append((registered.playerId, registered.token))
        }
        let ids = players.map(\.id)
        var drivers: [Driver] = []
        for (client, player) in zip(clients, players) {
            switch self {
            case .read:
                _ = try await client.login(playerId: player.id, token: player.token)
                drivers.append { _ in ("profile", await Self.outcome { _ = try await client.profile() }) }
            case .grant:
                guard let adminKey else { throw ValidationError("the grant workload needs --admin-key (or ESPRIT_ADMIN_KEY)") }
                try await client.adminLogin(key: adminKey)
                drivers.append { random in
                    let target = ids[Int(random.next() % UInt64(ids.count))]
                    return ("grant", await Self.outcome { _ = try await client.grant(playerId: target, currency: Currency.lumees.rawValue, amount: 1) })
                }
            case .quest:
                _ = try await client.login(playerId: player.id, token: player.token)
                drivers.append { _ in ("quest", await Self.outcome { _ = try await client.quest(zone: 1) }) }
            case .game:
                guard let adminKey else { throw ValidationError("the game workload needs --admin-key (or ESPRIT_ADMIN_KEY) to fund its players") }
                try await Self.fund(player.id, through: client, adminKey: adminKey)
                _ = try await client.login(playerId: player.id, token: player.token)
                _ = try await client.build(type: "lumee_mine")
                let owned = try await client.collection().stacks.map(\.baseId)
                drivers.append(Self.gameDriver(client, owned: owned))
            }
        }
        return drivers
    }

    /// Plenty of every currency, granted over a connection that logs in as admin for it.
    private static func fund(_ player: UInt64, through client: EspritClient, adminKey: String) async throws {
        try await client.adminLogin(key: adminKey)
        for currency in Currency.allCases {
            _ = try await client.grant(playerId: player, currency: currency.rawValue, amount: currency == .lumees ? 100_000_000 : 1_000_000)
        }
    }

    private static func gameDriver(_ client: EspritClient, owned: [UInt32]) -> Driver {
        { random in
            let some = owned.isEmpty ? 1 : owned[Int(random.next() % UInt64(owned.count))]
            switch random.next() % 100 {
            case 0..<30: return ("quest", await outcome { _ = try await client.quest(zone: 1) })
            case 30..<55: return ("profile", await outcome { _ = try await client.profile() })
            case 55..<70: return ("collect", await outcome { _ = try await client.collect(type: "lumee_mine") })
            case 70..<80: return ("summon", await outcome { _ = try await client.summon(banner: "standard", pulls: 1) })
            case 80..<90:
                let other = owned.isEmpty ? 1 : owned[Int(random.next() % UInt64(owned.count))]
                return ("fuse", await outcome { _ = try await client.fuse(first: some, second: other) })
            default: return ("awaken", await outcome { _ = try await client.awaken(baseId: some) })
            }
        }
    }

    private static func outcome(_ request: () async throws -> Void) async -> Outcome {
        do {
            try await request()
            return .answered
        } catch let error as EspritClientError {
            guard case let .rejected(wire) = error else { return .failed }
            switch wire.details {
            case .validation, .notFound, .insufficient, .invalidOperation, .alreadyClaimed, .limitReached: return .refused
            case .unauthorized, .rateLimited, .unavailable, .internal: return .failed
            }
        } catch {
            return .failed
        }
    }
}
