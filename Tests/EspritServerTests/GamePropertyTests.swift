import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// Thousands of random operations from many players against the real server binary. Every
/// balance must equal the sum of the currency changes the player was told about and the sum of
/// its ledger as the server keeps it, nothing may go negative or out of range, and a restart — after kill -9 and
/// after a clean stop — must reproduce every profile and collection exactly.
@Suite struct GamePropertyTests {
    private struct Player: Sendable {
        var id: UInt64
        var token: [UInt8]
    }

    /// What a player reads, less what moves with the clock (energy regeneration, production).
    private struct Snapshot: Equatable {
        var profile: ProfileResponse
        var collection: CollectionResponse
    }

    @Test(.timeLimit(.minutes(5)))
    func randomPlayKeepsTheLedgerAndSurvivesRestarts() async throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let data = folder.path + "/data"
        let log = folder.path + "/server.log"
        // Sixteen players log in at once from one address: more attempts in flight than the
        // login throttle's default burst of 10, which takes a token per attempt until it succeeds.
        // And each plays faster than a player's default 20 requests a second.
        let limits = ["--login-failure-burst", "64", "--player-reads-per-second", "0", "--player-changes-per-second", "0"]
        var server = try await ServerProcess(dataDirectory: data, adminKey: "k", logPath: log, extraArguments: limits)
        let port = server.port

        let admin = try await EspritClient.connect(host: "127.0.0.1", port: port)
        try await admin.adminLogin(key: "k")
        var players: [Player] = []
        for index in 0..<16 {
            let registered = try await admin.register(name: "Prop\(index)")
            players.append(Player(id: registered.playerId, token: registered.token))
            _ = try await admin.grant(playerId: registered.playerId, currency: Currency.revies.rawValue, amount: 2_000)
            _ = try await admin.grant(playerId: registered.playerId, currency: Currency.lumees.rawValue, amount: 50_000)
        }
        await admin.close()

        let ledgers = try await withThrowingTaskGroup(of: (UInt64, [UInt8: Int64]).self) { group in
            for (index, player) in players.enumerated() {
                group.addTask { (player.id, try await Self.play(player, seed: UInt64(index), port: port)) }
            }
            return try await group.reduce(into: [UInt64: [UInt8: Int64]]()) { $0[$1.0] = $1.1 }
        }

        let before = try await Self.snapshot(players, port: port)
        for (id, state) in before {
            for balance in state.profile.balances {
                let granted: Int64 = balance.currency == Currency.revies.rawValue ? 2_050 : balance.currency == Currency.lumees.rawValue ? 51_000 : 0
                #expect(balance.amount == granted + (ledgers[id]?[balance.currency] ?? 0), "player \(id) currency \(balance.currency)")
                #expect(balance.amount >= 0)
            }
            #expect(state.collection.stacks.allSatisfy { (1...9_999).contains($0.count) && $0.stars <= 5 })
        }

        let auditor = try await EspritClient.connect(host: "127.0.0.1", port: port)
        try await auditor.adminLogin(key: "k")
        for player in players {
            let ledger = try await auditor.ledger(playerId: player.id, limit: 10_000)
            for balance in before[player.id]!.profile.balances {
                #expect(ledger.filter { $0.currency == balance.currency }.reduce(0) { $0 + $1.delta } == balance.amount, "player \(player.id) ledger of currency \(balance.currency)")
            }
        }
        await auditor.close()

        server.kill()
        server = try await ServerProcess(port: port, dataDirectory: data, adminKey: "k", logPath: log, extraArguments: limits)
        #expect(try await Self.snapshot(players, port: port) == before)
        #expect(server.terminate() == 0)
        server = try await ServerProcess(port: port, dataDirectory: data, adminKey: "k", logPath: log, extraArguments: limits)
        #expect(try await Self.snapshot(players, port: port) == before)
        #expect(server.terminate() == 0)
    }

    /// 200 random operations; returns the sum of the `CurrencyChanged` deltas per currency.
    private static func play(_ player: Player, seed: UInt64, port: Int) async throws -> [UInt8: Int64] {
        let client = try await EspritClient.connect(host: "127.0.0.1", port: port)
        defer { Task { await client.close() } }
        _ = try await client.login(playerId: player.id, token: player.token)
        var random = SplitMix64(seed: seed)
        var ledger: [UInt8: Int64] = [:]
        for _ in 0..<200 {
            let owned = try await client.collection().stacks.map(\.baseId)
            let some = owned.randomElement(using: &random) ?? 1
            let events: [WireEvent]
            do {
                switch random.next() % 9 {
                case 0: events = try await client.quest(zone: UInt16(1 + random.next() % 2))
                case 1: events = try await client.summon(banner: "standard", pulls: random.next() % 2 == 0 ? 1 : 10)
                case 2: events = try await client.fuse(first: some, second: owned.randomElement(using: &random) ?? some)
                case 3: events = try await client.awaken(baseId: some)
                case 4: events = try await client.craft(element: UInt8(random.next() % 6), tier: 1)
                case 5: events = try await client.claimDaily()
                case 6: events = try await client.setLeader(baseId: some)
                case 7: events = try await client.build(type: "lumee_mine")
                default: events = try await client.collect(type: "lumee_mine")
                }
            } catch let error as EspritClientError {
                guard case .rejected = error else { throw error }
                continue
            }
            for case let .currencyChanged(currency, delta, _, _) in events {
                ledger[currency, default: 0] += delta
            }
        }
        return ledger
    }

    private static func snapshot(_ players: [Player], port: Int) async throws -> [UInt64: Snapshot] {
        var result: [UInt64: Snapshot] = [:]
        for player in players {
            let client = try await EspritClient.connect(host: "127.0.0.1", port: port)
            _ = try await client.login(playerId: player.id, token: player.token)
            var profile = try await client.profile()
            profile.energy = 0
            profile.nextEnergyAt = 0
            profile.buildings = profile.buildings.map { BuildingEntry(type: $0.type, level: $0.level, stored: 0, capacity: $0.capacity) }
            result[player.id] = Snapshot(profile: profile, collection: try await client.collection())
            await client.close()
        }
        return result
    }
}
