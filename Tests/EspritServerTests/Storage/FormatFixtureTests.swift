import EspritClient
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// A data directory written by an earlier version starts today's server, and every player in it
/// reads back as that version last answered (see `Fixtures/README.md`).
@Suite struct FormatFixtureTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    @Test(arguments: ["data-7f5292e", "data-1c73621"])
    func aDataDirectoryOfAnEarlierVersionStartsWithEveryPlayerIntact(fixture: String) async throws {
        let (folder, players) = try Self.copy(fixture)
        #expect(players.count == 3)

        let server = try await TestServer.start(folder: folder, shards: 2)
        let client = try await server.client()
        for player in players {
            let playerId = UInt64(player["playerId"] as! Int)
            _ = try await client.login(playerId: playerId, token: Self.bytes(hex: player["token"] as! String))
            let profile = try await client.profile()
            let answered = player["profile"] as! [String: Any]
            #expect(profile.name == answered["name"] as? String)
            #expect(Int(profile.level) == answered["level"] as? Int)
            #expect(Int(profile.xp) == answered["xp"] as? Int)
            #expect(Int(profile.createdAt) == answered["createdAt"] as? Int)
            #expect(Int(profile.leader) == answered["leader"] as? Int)
            #expect(Int(profile.teamPower) == answered["teamPower"] as? Int)
            #expect(profile.balances.map { [Int($0.currency), Int($0.amount)] } == (answered["balances"] as! [[String: Int]]).map { [$0["currency"]!, $0["amount"]!] })
            #expect(profile.buildings.map { "\($0.type)@\($0.level)" } == (answered["buildings"] as! [[String: Any]]).map { "\($0["type"]!)@\($0["level"]!)" })
            #expect(profile.pity.map { "\($0.banner):\($0.pulls)" } == (answered["pity"] as! [[String: Any]]).map { "\($0["banner"]!):\($0["pulls"]!)" })

            let collection = try await client.collection()
            let answeredCollection = player["collection"] as! [String: Any]
            #expect(collection.stacks.map { [Int($0.baseId), Int($0.count), Int($0.stars)] }
                == (answeredCollection["stacks"] as! [[String: Int]]).map { [$0["baseId"]!, $0["count"]!, $0["stars"]!] })
            #expect(collection.team.map(Int.init) == answeredCollection["team"] as! [Int])
        }
        await client.close()
        try await server.stopAndRemove()
    }

    /// The ledger an earlier version answered reads back the same: first from its LMDB keys and
    /// its journal, then, after a clean stop checkpointed that journal in today's format, from
    /// both formats at once.
    @Test(arguments: ["data-1c73621"])
    func theLedgerOfAnEarlierVersionReadsBackTheSameBeforeAndAfterACheckpoint(fixture: String) async throws {
        let (folder, players) = try Self.copy(fixture)
        let ledgers = players.map { player in
            (UInt64(player["playerId"] as! Int), (player["ledger"] as! [[String: Any]]).map { entry in
                LedgerEntry(
                    lsn: UInt64(entry["lsn"] as! Int), at: Int64(entry["at"] as! Int), currency: UInt8(entry["currency"] as! Int),
                    delta: Int64(entry["delta"] as! Int), balanceAfter: Int64(entry["balanceAfter"] as! Int),
                    reason: entry["reason"] as! String, correlationId: entry["correlationId"] as! String
                )
            })
        }
        #expect(ledgers.allSatisfy { $0.1.count > 10 })

        for round in ["as written", "after a checkpoint"] {
            let server = try await TestServer.start(folder: folder, shards: 2)
            let admin = try await server.adminClient()
            for (playerId, ledger) in ledgers {
                #expect(try await admin.ledger(playerId: playerId, limit: 1_000) == ledger, "player \(playerId), \(round)")
                #expect(try await admin.ledger(playerId: playerId, limit: 3) == Array(ledger.prefix(3)), "player \(playerId), \(round)")
            }
            await admin.close()
            if round == "as written" {
                #expect(try await server.server.checkpoint().lsn > 0)
                try await server.stop()
            } else {
                try await server.stopAndRemove()
            }
        }
    }

    /// A copy of the fixture's data directory, and the players its `expected.json` describes.
    private static func copy(_ fixture: String) throws -> (TemporaryDirectory, [[String: Any]]) {
        let source = fixtures.appendingPathComponent(fixture)
        let folder = TemporaryDirectory()
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(at: source.appendingPathComponent("data"), to: URL(fileURLWithPath: folder.path))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("expected.json"))) as! [String: Any]
        return (folder, expected["players"] as! [[String: Any]])
    }

    private static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
