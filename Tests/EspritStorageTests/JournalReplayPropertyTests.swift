import EspritGame
import EspritStorage
import EspritTestSupport
import Foundation
import Testing

/// Thousands of random operations through the real rules, journaled through the real journal,
/// replayed into fresh state without rules, config or random source: the states must be
/// identical, and the ledger invariants of GAME.md must hold.
@Suite struct JournalReplayPropertyTests {
    @Test func replayRebuildsTheIdenticalStateAndTheLedgerBalances() throws {
        let fixture = JournalFixture()
        defer { fixture.folder.remove() }
        let rules = Ruleset.default
        var random = SplitMix64(seed: 77)
        var now: Int64 = 1_795_219_200_000
        var players: [UInt64: PlayerState] = [:]
        var ledger: [UInt64: [Currency: Int64]] = [:]
        var refused = 0

        let (journal, _) = try fixture.open(durability: .none)
        func commit(_ events: [GameEvent]) {
            guard !events.isEmpty else { return }
            var payload: [UInt8] = []
            EventCodec.encode(events, into: &payload)
            _ = journal.append(payload)
            for event in events {
                if case .playerRegistered = event.payload { continue }
                players[event.playerId]!.apply(event)
                if case let .currencyChanged(change) = event.payload {
                    ledger[event.playerId, default: [:]][change.currency, default: 0] += change.delta
                }
            }
        }

        for id in 1...40 as ClosedRange<UInt64> {
            let context = CommandContext(correlationId: "c\(id)", commandId: "r\(id)", now: now)
            let events = try RegisterRule.run(playerId: id, name: "Player\(id)", tokenHash: [UInt8(id)], context: context, rules: rules, random: &random).events
            players[id] = PlayerState(replaying: Array(events.prefix(1)))
            commit(events)
        }
        for step in 0..<6_000 {
            now += Int64.random(in: 0...7_200_000, using: &random)
            let id = UInt64.random(in: 1...40, using: &random)
            let player = players[id]!
            let context = CommandContext(correlationId: "c\(step)", commandId: "s\(step)", now: now)
            do {
                commit(try randomOperation(on: player, context: context, rules: rules, random: &random))
            } catch {
                refused += 1
            }
        }
        journal.close()

        let (reopened, replayed) = try fixture.open()
        reopened.close()
        var rebuilt: [UInt64: PlayerState] = [:]
        for (_, payload) in replayed {
            let events = try EventCodec.decode(payload)
            if case .playerRegistered = events[0].payload {
                rebuilt[events[0].playerId] = PlayerState(replaying: events)
            } else {
                for event in events { rebuilt[event.playerId]!.apply(event) }
            }
        }
        #expect(rebuilt == players)
        #expect(refused > 100 && refused < 5_000)
        for (id, player) in players {
            for currency in Currency.allCases {
                #expect(player.balances[currency] == ledger[id]?[currency] ?? 0, "player \(id) \(currency.name)")
                #expect(player.balances[currency] >= 0)
            }
            #expect(player.esprits.stacks.allSatisfy { (1...9_999).contains($0.count) && (0...5).contains($0.stars) })
        }
    }

    /// One of the player operations, with arguments drawn so that most succeed.
    private func randomOperation(
        on player: PlayerState, context: CommandContext, rules: Ruleset, random: inout SplitMix64
    ) throws(GameError) -> [GameEvent] {
        let owned = player.esprits.stacks.map(\.baseId)
        let anyOwned = owned.randomElement(using: &random) ?? 1
        switch Int.random(in: 0..<12, using: &random) {
        case 0, 1:
            return try QuestRule.run(player: player, zone: Int.random(in: 1...3, using: &random), context: context, rules: rules, random: &random).events
        case 2:
            let sameTier = owned.filter { rules.esprit($0)?.tier == rules.esprit(anyOwned)?.tier }
            return try FuseRule.run(player: player, first: anyOwned, second: sameTier.randomElement(using: &random) ?? anyOwned, context: context, rules: rules, random: &random).events
        case 3:
            return try AwakenRule.run(player: player, baseId: anyOwned, context: context, rules: rules).events
        case 4:
            return try CraftRule.run(player: player, element: Element.allCases.randomElement(using: &random)!, tier: Int.random(in: 1...2, using: &random), context: context, rules: rules, random: &random).events
        case 5:
            return try SummonRule.run(player: player, banner: "standard", pulls: Bool.random(using: &random) ? 1 : 10, context: context, rules: rules, random: &random).events
        case 6:
            return try DailyRule.run(player: player, context: context, rules: rules, random: &random).events
        case 7:
            return try LeaderRule.run(player: player, baseId: anyOwned, context: context, rules: rules).events
        case 8:
            let type = Bool.random(using: &random) ? "lumee_mine" : "revie_shrine"
            if player.building(type) == nil { return try BuildingRules.build(player: player, type: type, context: context, rules: rules).events }
            return try BuildingRules.upgrade(player: player, type: type, context: context, rules: rules).events
        case 9:
            return try BuildingRules.collect(player: player, type: "lumee_mine", context: context, rules: rules).events
        default:
            let currency = Currency.allCases.randomElement(using: &random)!
            return try GrantRule.run(player: player, currency: currency, amount: Int64.random(in: 1...3_000, using: &random), context: context, rules: rules).events
        }
    }
}
