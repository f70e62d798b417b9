import EspritClient
import EspritGame
import EspritProtocol
import Testing

/// A scripted session through every game operation over TCP, with the clock moved by hand.
@Suite struct GameSessionTests {
    private let hour: Int64 = 3_600_000

    private func balance(_ profile: ProfileResponse, _ currency: Currency) -> Int64 {
        profile.balances[Int(currency.rawValue)].amount
    }

    @Test func aPlayerPlaysEveryOperation() async throws {
        let clock = ManualClock(1_795_219_200_000 + 12 * 3_600_000)
        let server = try await TestServer.start(clock: clock.wallClock)
        let client = try await server.client()
        let registered = try await client.register(name: "Ayla")
        _ = try await client.login(playerId: registered.playerId, token: registered.token)
        let admin = try await server.adminClient()
        for (currency, amount) in [(Currency.lumees, Int64(1_000_000)), (.revies, 10_000), (.fireShards, 100)] {
            _ = try await admin.grant(playerId: registered.playerId, currency: currency.rawValue, amount: amount)
        }

        #expect(try await client.catalog().esprits.count == 216)
        let tables = try await client.tables()
        #expect(tables.zones.count == 20 && tables.zones[19] == ZoneRow(zone: 20, requiredLevel: 58, energy: 25, xp: 200, lumeesMin: 800, lumeesMax: 1_200, captureChancePpm: 100_000, captureTier: 6))
        #expect(tables.fusion.count == 17 && tables.fusion[10] == FusionRow(tier: 11, cost: 102_400, successPpm: 500_000, failureShards: 55))
        #expect(tables.awakening.map(\.cost) == [500, 2_000, 4_500, 8_000, 12_500])
        #expect(tables.levels.count == 100 && tables.levels[99].xpToNext == 0)
        #expect(tables.buildings.first?.upgradeCosts.first == 4_000)
        #expect(try await client.collection().stacks.count == 3)

        let quest = try await client.quest(zone: 1)
        #expect(quest.contains { if case .questCompleted(zone: 1, _, _, _, _) = $0 { true } else { false } })
        #expect(try await client.profile().energy == 44)
        #expect(await rejection { _ = try await client.quest(zone: 99) }?.details == .validation(field: "zone", reason: "must be 1–20, got 99"))

        var summoned: [UInt32] = []
        for _ in 0..<5 {
            for event in try await client.summon(banner: "standard", pulls: 10) {
                if case let .summonPerformed(_, results, _) = event { summoned += results }
            }
        }
        #expect(summoned.count == 50)
        #expect(try await client.profile().pity.first?.banner == "standard")

        let crafted = try await client.craft(element: Element.fire.rawValue, tier: 1)
        #expect(crafted.contains { if case .espritCrafted(_, 0, 1) = $0 { true } else { false } })
        #expect(await rejection { _ = try await client.craft(element: 9, tier: 1) }?.details == .validation(field: "element", reason: "unknown element code 9"))

        let stacks = try await client.collection().stacks
        let tierOne = stacks.filter { $0.baseId <= 12 }
        let pair = try #require(tierOne.first { $0.count >= 2 })
        let fused = try await client.fuse(first: pair.baseId, second: pair.baseId)
        #expect(fused.contains { if case .espritFused = $0 { true } else if case .fusionFailed = $0 { true } else { false } })

        let awakenable = try #require(try await client.collection().stacks.first { $0.count >= 2 && $0.stars == 0 })
        let awakened = try await client.awaken(baseId: awakenable.baseId)
        #expect(awakened.last == .espritAwakened(baseId: awakenable.baseId, starsAfter: 1))

        _ = try await client.setLeader(baseId: awakenable.baseId)
        let collection = try await client.collection()
        #expect(collection.leader == awakenable.baseId)
        #expect(collection.team.count == 6)
        #expect(try await client.profile().teamPower == collection.teamPower)

        let daily = try await client.claimDaily()
        #expect(daily.contains { if case .dailyClaimed(_, 1, _, _, _, _) = $0 { true } else { false } })
        let tomorrow = (clock.now / 86_400_000 + 1) * 86_400_000
        #expect(await rejection { _ = try await client.claimDaily() }?.details == .alreadyClaimed(nextResetAt: tomorrow))
        clock.advance(by: 24 * hour)
        let nextDay = try await client.claimDaily()
        #expect(nextDay.contains { if case .dailyClaimed(_, 2, _, _, _, _) = $0 { true } else { false } })

        _ = try await client.build(type: "lumee_mine")
        clock.advance(by: 2 * hour)
        #expect(try await client.profile().buildings == [BuildingEntry(type: "lumee_mine", level: 1, stored: 120, capacity: 480)])
        #expect(try await client.collect(type: "lumee_mine").last == .buildingCollected(type: "lumee_mine", amount: 120, asOfAfter: clock.now))
        let upgraded = try await client.upgrade(type: "lumee_mine")
        #expect(upgraded.last == .buildingUpgraded(type: "lumee_mine", levelAfter: 2))
        #expect(await rejection { _ = try await client.build(type: "lumee_mine") }?.details == .invalidOperation(operation: "build", reason: "lumee_mine is already built"))

        _ = try await admin.grant(playerId: registered.playerId, currency: Currency.darkShards.rawValue, amount: 7, correlationId: "support-88")
        let ledger = try await admin.ledger(playerId: registered.playerId, limit: 10_000)
        #expect(ledger.first?.correlationId == "support-88" && ledger.first?.reason == "admin_grant")
        #expect(zip(ledger, ledger.dropFirst()).allSatisfy { $0.lsn >= $1.lsn })
        let profile = try await client.profile()
        for balance in profile.balances {
            #expect(ledger.filter { $0.currency == balance.currency }.reduce(0) { $0 + $1.delta } == balance.amount, "currency \(balance.currency)")
        }
        #expect(try await admin.ledger(playerId: registered.playerId, limit: 3).count == 3)
        #expect(await rejection { _ = try await admin.ledger(playerId: 99, limit: 3) }?.details == .notFound(entity: "player", id: "99"))
        #expect(await rejection { _ = try await admin.ledger(playerId: 1, limit: 0) }?.details == .validation(field: "limit", reason: "must be 1–10000, got 0"))

        let before = (try await client.profile(), try await client.collection())
        await client.close()
        await admin.close()
        try await server.stop()

        let restarted = try await TestServer.start(folder: server.folder, clock: clock.wallClock)
        let again = try await restarted.client()
        _ = try await again.login(playerId: registered.playerId, token: registered.token)
        #expect(try await again.profile() == before.0)
        #expect(try await again.collection() == before.1)
        await again.close()
        try await restarted.stopAndRemove()
    }
}
