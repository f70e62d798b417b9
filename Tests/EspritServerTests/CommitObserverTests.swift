import EspritClient
import EspritGame
@testable import EspritServer
import EspritStorage
import EspritTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// Commit observers see every committed change exactly once, in LSN order per player, and
/// after a restart pick up from the recovered state.
@Suite struct CommitObserverTests {
    final class RecordingObserver: CommitObserver {
        struct Seen: Equatable {
            var playerId: UInt64
            var lsn: UInt64
            var events: Int
            var lumees: Int64
        }

        let commits = Mutex<[Seen]>([])
        let recoveredPlayers = Mutex<[UInt64: (lsn: UInt64, lumees: Int64)]>([:])

        func recovered(_ player: PlayerState, lsn: UInt64) {
            recoveredPlayers.withLock { $0[player.id] = (lsn, player.balances[.lumees]) }
        }

        func committed(_ commit: Commit) {
            let seen = Seen(playerId: commit.player.id, lsn: commit.lsn, events: commit.events.count, lumees: commit.player.balances[.lumees])
            commits.withLock { $0.append(seen) }
        }

        var seen: [Seen] { commits.withLock { $0 } }
    }

    /// Every record of the journal, as (LSN, player, event count).
    private func journalRecords(_ server: TestServer) throws -> [(lsn: UInt64, playerId: UInt64, events: Int)] {
        var records: [(UInt64, UInt64, Int)] = []
        try Journal.scan(directory: server.journalDirectory, through: .max, logger: Logger(label: "scan") { _ in SwiftLogNoOpLogHandler() }) { lsn, payload in
            let events = try EventCodec.decode(payload)
            records.append((lsn, events[0].playerId, events.count))
        }
        return records
    }

    /// Plays registrations, quests, grants and refusals on three players over two shards.
    private func play(_ server: TestServer, players: inout [(id: UInt64, token: [UInt8])]) async throws {
        let client = try await server.client()
        while players.count < 3 {
            let registered = try await client.register(name: "Seer\(players.count)")
            players.append((registered.playerId, registered.token))
        }
        let admin = try await server.adminClient()
        for player in players {
            _ = try await admin.grant(playerId: player.id, currency: Currency.lumees.rawValue, amount: 100)
            _ = try await client.login(playerId: player.id, token: player.token)
            for _ in 0..<3 { _ = try await client.quest(zone: 1) }
            // Refused: commits nothing, so observers see nothing.
            _ = await rejection { _ = try await client.quest(zone: 999) }
        }
        await client.close()
        await admin.close()
    }

    @Test func observersSeeEveryCommitOnceInLSNOrderAcrossARestart() async throws {
        let first = RecordingObserver()
        var server = try await TestServer.start(shards: 2, observers: [first])
        var players: [(id: UInt64, token: [UInt8])] = []
        try await play(server, players: &players)
        try await server.stop()

        let records = try journalRecords(server)
        #expect(first.seen.map(\.lsn).sorted() == records.map(\.lsn))
        #expect(Set(first.seen.map(\.lsn)).count == first.seen.count)
        for record in records {
            #expect(first.seen.first { $0.lsn == record.lsn }.map { ($0.playerId, $0.events) } ?? (0, 0) == (record.playerId, record.events))
        }
        for player in players {
            let lsns = first.seen.filter { $0.playerId == player.id }.map(\.lsn)
            #expect(lsns == lsns.sorted() && lsns.count == 5)
        }

        // A restart shows each player as the last commit left it; later commits follow it.
        let second = RecordingObserver()
        server = try await TestServer.start(folder: server.folder, shards: 2, observers: [second])
        try await expectRestart(server, showing: first, to: second, after: records.last!.lsn, players: &players)
        server.folder.remove()
    }

    /// After a restart of `server`: `second` was shown each player as its last commit that
    /// `first` saw left it; then, after another round of play, `second` saw exactly the
    /// commits past `lastLSN`, each player's in order and above its recovered LSN.
    private func expectRestart(
        _ server: TestServer, showing first: RecordingObserver, to second: RecordingObserver, after lastLSN: UInt64,
        players: inout [(id: UInt64, token: [UInt8])]
    ) async throws {
        let recovered = second.recoveredPlayers.withLock { $0 }
        #expect(recovered.count == players.count)
        for player in players {
            let last = first.seen.last { $0.playerId == player.id }
            #expect(recovered[player.id]?.lsn == last?.lsn)
            #expect(recovered[player.id]?.lumees == last?.lumees)
        }
        try await play(server, players: &players)
        try await server.stop()
        let later = try journalRecords(server).filter { $0.lsn > lastLSN }
        #expect(second.seen.map(\.lsn).sorted() == later.map(\.lsn))
        for player in players {
            let lsns = second.seen.filter { $0.playerId == player.id }.map(\.lsn)
            #expect(lsns.first.map { $0 > recovered[player.id]!.lsn } == true)
            #expect(lsns == lsns.sorted() && lsns.count == 4)
        }
    }

    /// What kill -9 leaves is rebuilt from the journal: a copy of the data directory taken
    /// while the server runs (no checkpoint has run since start-up; its interval is a minute)
    /// starts with each player as its last acknowledged commit left it, shown to the observers,
    /// and later commits follow it.
    @Test func afterACrashObserversSeeWhatTheJournalReplays() async throws {
        let first = RecordingObserver()
        let server = try await TestServer.start(shards: 2, observers: [first])
        var players: [(id: UInt64, token: [UInt8])] = []
        try await play(server, players: &players)
        let crashed = TemporaryDirectory()
        try FileManager.default.removeItem(atPath: crashed.path)
        try FileManager.default.copyItem(atPath: server.folder.path, toPath: crashed.path)
        try? FileManager.default.removeItem(atPath: crashed.path + "/lmdb/lock.mdb")
        try await server.stopAndRemove()

        let second = RecordingObserver()
        let restarted = try await TestServer.start(folder: crashed, shards: 2, observers: [second])
        try await expectRestart(restarted, showing: first, to: second, after: first.seen.map(\.lsn).max() ?? 0, players: &players)
        restarted.folder.remove()
    }
}
