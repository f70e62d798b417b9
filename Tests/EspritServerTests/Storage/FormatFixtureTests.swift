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

    @Test(arguments: ["data-7f5292e"])
    func aDataDirectoryOfAnEarlierVersionStartsWithEveryPlayerIntact(fixture: String) async throws {
        let source = Self.fixtures.appendingPathComponent(fixture)
        let folder = TemporaryDirectory()
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(at: source.appendingPathComponent("data"), to: URL(fileURLWithPath: folder.path))
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("expected.json"))) as! [String: Any]
        let players = expected["players"] as! [[String: Any]]
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
