import EspritGame
import EspritStorage
import EspritTestSupport
import Testing

@Suite struct CheckpointStoreTests {
    @Test func aPlayerRoundTripsThroughItsCodec() throws {
        let player = try RichPlayer.make(id: 7)
        #expect(try PlayerCodec.decode(PlayerCodec.encode(player)) == player)
        var fresh = player
        fresh.leader = nil
        fresh.daily = DailyState()
        fresh.pity = [:]
        fresh.buildings = []
        #expect(try PlayerCodec.decode(PlayerCodec.encode(fresh)) == fresh)
        let bytes = PlayerCodec.encode(player)
        for length in [0, 1, 9, bytes.count - 1] {
            #expect(throws: EventCodecError.self) { try PlayerCodec.decode(Array(bytes.prefix(length))) }
        }
    }

    @Test func aCheckpointStoresPlayersWithTheirLSNsAndItsOwnLSNAtomically() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let store = try CheckpointStore(directory: folder.path + "/lmdb")
        #expect(try store.load().lsn == 0)
        #expect(try store.load().players.isEmpty)
        let first = try (1...3).map { CheckpointedPlayer(state: try RichPlayer.make(id: $0), lsn: 30 + $0) }
        try store.write(players: first, lsn: 40)
        var changed = first[1]
        changed.state.balances[.lumees] = 1
        changed.lsn = 44
        try store.write(players: [changed], lsn: 41)

        let reopened = try CheckpointStore(directory: folder.path + "/lmdb")
        let loaded = try reopened.load()
        #expect(loaded.lsn == 41)
        #expect(loaded.highestLSN == 44, "the highest LSN a player reflects")
        #expect(loaded.players == [first[0], changed, first[2]])
        try reopened.write(players: [], lsn: 42)
        #expect(try reopened.load().highestLSN == 44, "never lowered by a later checkpoint")
    }

    /// Ledger entries come back newest first, only the asked player's, at most `limit`, with
    /// the checkpoint LSN read in the same transaction.
    @Test func theLedgerIsReadNewestFirstPerPlayer() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let store = try CheckpointStore(directory: folder.path + "/lmdb")
        func record(_ player: UInt64, _ lsn: UInt64, _ index: UInt16, _ delta: Int64) -> LedgerRecord {
            LedgerRecord(playerId: player, lsn: lsn, index: index, at: Int64(lsn) * 1_000, currency: .revies, delta: delta, balanceAfter: delta * 10, reason: "grant", correlationId: "c\(lsn)")
        }
        let ledger = [record(1, 5, 0, 1), record(2, 6, 0, 2), record(1, 7, 0, 3), record(1, 7, 1, 4), record(3, 8, 0, 5)]
        try store.writeLedgerAhead(ledger)
        try store.write(players: [], lsn: 8)
        let player1 = try store.ledger(playerId: 1, limit: 10)
        #expect(player1.lsn == 8)
        #expect(player1.records == [ledger[3], ledger[2], ledger[0]])
        #expect(try store.ledger(playerId: 1, limit: 2).records == [ledger[3], ledger[2]])
        #expect(try store.ledger(playerId: 3, limit: 10).records == [ledger[4]])
        #expect(try store.ledger(playerId: 4, limit: 10).records.isEmpty)
        #expect(try store.ledger(playerId: 0, limit: 10).records.isEmpty)
    }

    /// A map far too small for the checkpoint: it grows to fit before the write (and, should the
    /// estimate fall short, on MDB_MAP_FULL: see `LMDBEnvironmentTests`).
    @Test func aMapTooSmallForTheCheckpointGrows() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let store = try CheckpointStore(directory: folder.path + "/lmdb", mapSize: 64 << 10)
        let players = try (1...3_000).map { CheckpointedPlayer(state: try RichPlayer.make(id: UInt64($0)), lsn: UInt64($0)) }
        try store.write(players: players, lsn: 3_000)
        #expect(store.mapSize > 64 << 10)
        let loaded = try store.load()
        #expect(loaded.players.count == 3_000)
        #expect(loaded.players.last == players.last)
    }

    private static func entry(_ player: UInt64, _ lsn: UInt64) -> LedgerRecord {
        LedgerRecord(playerId: player, lsn: lsn, index: 0, at: 0, currency: .lumees, delta: 1, balanceAfter: Int64(lsn), reason: "quest", correlationId: "c\(lsn)")
    }

    /// Ledger entries written ahead are no part of the checkpoint until its LSN covers them:
    /// readers skip them. A checkpoint retried after a failure cuts its chunks elsewhere, so it
    /// discards what the failed one wrote ahead before writing: one of each entry stays.
    @Test func ledgerEntriesWrittenAheadAppearOnceTheCheckpointCoversThem() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let store = try CheckpointStore(directory: folder.path + "/lmdb")
        try store.writeLedgerAhead([Self.entry(1, 2)])
        try store.write(players: [], lsn: 3)
        try store.writeLedgerAhead((5...9).map { Self.entry(1, UInt64($0)) })
        #expect(try store.ledger(playerId: 1, limit: 10).records.map(\.lsn) == [2])
        #expect(try store.discardLedgerAhead() == 1, "one chunk")
        try store.writeLedgerAhead((5...6).map { Self.entry(1, UInt64($0)) })
        try store.writeLedgerAhead((7...9).map { Self.entry(1, UInt64($0)) })
        try store.write(players: [], lsn: 9)
        #expect(try store.ledger(playerId: 1, limit: 10).records.map(\.lsn) == [9, 8, 7, 6, 5, 2])
        #expect(try store.ledger(playerId: 1, limit: 4).records.map(\.lsn) == [9, 8, 7, 6])
        #expect(try store.ledger(playerId: 1, limit: 2).records.map(\.lsn) == [9, 8])
    }

    /// Each player's entries of one transaction become one key, in journal order however the
    /// players interleave.
    @Test func aTransactionStoresOneChunkPerPlayer() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let store = try CheckpointStore(directory: folder.path + "/lmdb")
        let entries = (1...30).map { Self.entry(UInt64($0 % 3), UInt64($0)) }
        try store.writeLedgerAhead(entries)
        try store.write(players: [], lsn: 30)
        let ledger = try store.statistics().databases.first { $0.name == "ledger" }
        #expect(ledger?.statistics.entries == 3)
        for player in UInt64(0)..<3 {
            #expect(try store.ledger(playerId: player, limit: 100).records == entries.filter { $0.playerId == player }.reversed())
        }
    }

    /// After a stop in the middle of a checkpoint, the entries it wrote ahead are deleted at
    /// start-up (their records may be lost, their LSNs given again); those the checkpoint
    /// covers stay, and a store with nothing ahead is left as it is.
    @Test func entriesOfAnUnfinishedCheckpointAreDiscardedAtStartUp() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/lmdb"
        do {
            let store = try CheckpointStore(directory: path)
            try store.writeLedgerAhead([Self.entry(1, 2), Self.entry(2, 3)])
            try store.write(players: [], lsn: 3)
            try store.writeLedgerAhead([Self.entry(1, 4), Self.entry(2, 5), Self.entry(3, 6)])
        }
        let reopened = try CheckpointStore(directory: path)
        #expect(try reopened.discardLedgerAhead(batch: 2) == 3, "in transactions of 2, 2 and 1")
        #expect(try reopened.discardLedgerAhead() == 0)
        try reopened.write(players: [], lsn: 6)
        #expect(try reopened.ledger(playerId: 1, limit: 10).records.map(\.lsn) == [2])
        #expect(try reopened.ledger(playerId: 2, limit: 10).records.map(\.lsn) == [3])
        #expect(try reopened.ledger(playerId: 3, limit: 10).records.isEmpty)
    }

    /// A ledger transaction far larger than the map grows it and keeps every entry.
    @Test func ledgerEntriesThatFillTheMapGrowIt() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let store = try CheckpointStore(directory: folder.path + "/lmdb", mapSize: 64 << 10)
        try store.writeLedgerAhead((1...20_000).map { Self.entry(UInt64($0 % 7), UInt64($0)) })
        try store.write(players: [], lsn: 20_000)
        #expect(store.mapSize > 64 << 10)
        let newest = try store.ledger(playerId: 3, limit: 5_000)
        #expect(newest.records.count == (1...20_000).count { $0 % 7 == 3 })
        #expect(newest.records.first?.lsn == (1...20_000).last { $0 % 7 == 3 }.map(UInt64.init))
    }
}
