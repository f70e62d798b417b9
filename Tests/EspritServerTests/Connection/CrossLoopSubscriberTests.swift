import EspritClient
import EspritGame
import EspritProtocol
import EspritTestSupport
import Foundation
import Testing

/// A subscriber whose connection could not move to its player's loop (its socket could not be
/// duplicated) still receives every event of the player, once, in LSN order: the shard's loop
/// hands each batch to the connection's loop, which sends it at once
/// (`ConnectionHandler.startSubscription`).
///
/// In a server of its own, whose descriptor limit the test lowers while the connections log
/// in, so that the moves fail as they would with no descriptor to spare.
@Suite struct CrossLoopSubscriberTests {
    @Test func aSubscriberLeftOnAnotherLoopGetsEveryEventInOrder() async throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let logPath = folder.path + "/server.log"
        let server = try await ServerProcess(
            dataDirectory: folder.path + "/data", adminKey: "cross", logPath: logPath,
            extraArguments: ["--shards", "2", "--event-loops", "2", "--log-level", "debug"]
        )
        let admin = try await EspritClient.connect(host: "127.0.0.1", port: server.port, clientName: "admin")
        // Players 1 and 2 live on different shards, so on different loops.
        let first = try await admin.register(name: "Odd")
        let second = try await admin.register(name: "Even")
        #expect(first.playerId % 2 != second.playerId % 2)
        try await admin.adminLogin(key: "cross")

        // Accepted one after another, the connections take the two loops in turn.
        var subscribers: [EspritClient] = []
        for index in 0..<4 {
            subscribers.append(try await EspritClient.connect(host: "127.0.0.1", port: server.port, clientName: "subscriber-\(index)"))
        }
        let open = server.openDescriptors
        let lowestFree = (0...).first { !open.contains($0) }!
        let limit = try server.setSoftDescriptorLimit(lowestFree)
        // Logged in as the first player, then the second: a connection on the second's loop
        // fails to move for the first, and one on the first's loop fails to move for the
        // second and stays there, logged in as the second player. A request after a LOGIN is
        // answered once the move has been tried.
        for subscriber in subscribers {
            _ = try await subscriber.login(playerId: first.playerId, token: first.token)
            _ = try await subscriber.profile()
        }
        let stayedForTheFirst = Self.connectionsThatStayed(logPath: logPath)
        for subscriber in subscribers {
            _ = try await subscriber.login(playerId: second.playerId, token: second.token)
            _ = try await subscriber.profile()
        }
        let stayedForTheSecond = Self.connectionsThatStayed(logPath: logPath).subtracting(stayedForTheFirst)
        try server.setSoftDescriptorLimit(limit)
        #expect(stayedForTheFirst.count + stayedForTheSecond.count == subscribers.count, "every connection was refused one move: \(stayedForTheFirst) \(stayedForTheSecond)")
        #expect(!stayedForTheSecond.isEmpty, "a connection stayed on the first player's loop, logged in as the second")

        var starts: [SubscribeResponse] = []
        for subscriber in subscribers {
            starts.append(try await subscriber.subscribe())
        }
        let grants = 40
        for amount in 1...grants {
            _ = try await admin.grant(playerId: second.playerId, currency: Currency.lumees.rawValue, amount: Int64(amount))
        }
        let expected = (1...grants).map { 1_000 + $0 * ($0 + 1) / 2 }
        for (subscriber, start) in zip(subscribers, starts) {
            let pushes = await subscriber.nextPushes(grants)
            let balances = try pushes.map { try $0.balanceAfter() }
            #expect(balances == expected.map { Int64($0) }, "every grant once, in order")
            #expect(pushes.map(\.lsn) == pushes.map(\.lsn).sorted() && (pushes.first?.lsn ?? 0) > start.lsn)
        }
        for subscriber in subscribers { await subscriber.close() }
        await admin.close()
        #expect(server.terminate() == 0)
    }

    /// The client names of the connections whose move failed so far, from the server's log.
    private static func connectionsThatStayed(logPath: String) -> Set<String> {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let lines = log.split(separator: "\n").filter { $0.contains("socket could not be duplicated") }
        return Set(lines.compactMap { line in
            line.range(of: #"subscriber-\d"#, options: .regularExpression).map { String(line[$0]) }
        })
    }
}
