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

    /// Registers one player per connection and does the workload's set-up over `setup`, then
    /// returns what each load connection sends (`keyed`: v2, a new idempotency key on every
    /// change), and the players.
    func prepare(connections: Int, setup: EspritClient, adminKey: String?, keyed: Bool = false) async throws
        -> (traffics: [EspritTraffic], players: [(id: UInt64, token: [UInt8])])
    {
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        var players: [(id: UInt64, token: [UInt8])] = []
        for index in 0..<connections {
            let registered = try await setup.register(name: "b\(run)_\(index)")
            players.append((registered.playerId, registered.token))
        }
        let ids = players.map(\.id)
        var traffics: [EspritTraffic] = []
        for player in players {
            let login = LoginRequest(playerId: player.id, token: player.token)
            switch self {
            case .read:
                traffics.append(EspritTraffic(greeting: [login], mix: .profile))
            case .grant:
                guard let adminKey else { throw ValidationError("the grant workload needs --admin-key (or ESPRIT_ADMIN_KEY)") }
                traffics.append(EspritTraffic(greeting: [AdminLoginRequest(key: adminKey)], mix: .grant(targets: ids), keyed: keyed))
            case .quest:
                traffics.append(EspritTraffic(greeting: [login], mix: .quest, keyed: keyed))
            case .game:
                guard let adminKey else { throw ValidationError("the game workload needs --admin-key (or ESPRIT_ADMIN_KEY) to fund its players") }
                try await Self.fund(player.id, through: setup, adminKey: adminKey)
                _ = try await setup.login(playerId: player.id, token: player.token)
                _ = try await setup.build(type: "lumee_mine")
                let owned = try await setup.collection().stacks.map(\.baseId)
                traffics.append(EspritTraffic(greeting: [login], mix: .game(owned: owned), keyed: keyed))
            }
        }
        return (traffics, players)
    }

    /// Plenty of every currency, granted over the set-up connection logged in as admin.
    private static func fund(_ player: UInt64, through client: EspritClient, adminKey: String) async throws {
        try await client.adminLogin(key: adminKey)
        for currency in Currency.allCases {
            _ = try await client.grant(playerId: player, currency: currency.rawValue, amount: currency == .lumees ? 100_000_000 : 1_000_000)
        }
    }
}
