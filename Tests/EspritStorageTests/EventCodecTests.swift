import EspritGame
@testable import EspritStorage
import Testing

@Suite struct EventCodecTests {
    /// One event of every kind, with optional fields both present and absent.
    static let events: [GameEvent] = [
        .playerRegistered(PlayerRegistered(name: "Ayla", tokenHash: Array(repeating: 0xAB, count: 32), level: 1, xp: 0, energy: 50)),
        .currencyChanged(CurrencyChanged(currency: .darkShards, delta: -5, balanceAfter: 1_000_000_000_000, reason: "admin_grant")),
        .espritAdded(EspritCountChanged(baseId: 216, countAfter: 9_999, reason: "summon")),
        .espritRemoved(EspritCountChanged(baseId: 1, countAfter: 0, reason: "fuse")),
        .espritFused(EspritFused(first: 1, second: 2, result: 13)),
        .fusionFailed(FusionFailed(first: 3, second: 3)),
        .espritAwakened(EspritAwakened(baseId: 7, starsAfter: 5)),
        .espritCrafted(EspritCrafted(baseId: 9, element: .light, tier: 6)),
        .summonPerformed(SummonPerformed(banner: "standard", results: [1, 2, 3, 60, 61], pityAfter: 49)),
        .dailyClaimed(DailyClaimed(day: 20_778, streakAfter: 8, reward: .shards, amount: 10, element: .fire)),
        .dailyClaimed(DailyClaimed(day: 20_779, streakAfter: 1, reward: .esprit, amount: 1, baseId: 14)),
        .dailyClaimed(DailyClaimed(day: 20_780, streakAfter: 2, reward: .lumees, amount: 1_100)),
        .questCompleted(QuestCompleted(zone: 20, xpGained: 200, xpAfter: 350, lumees: 1_100, captured: 70)),
        .questCompleted(QuestCompleted(zone: 1, xpGained: 10, xpAfter: 10, lumees: 41, captured: nil)),
        .playerLeveledUp(PlayerLeveledUp(levelAfter: 100, xpAfter: 12)),
        .energyChanged(EnergyChanged(value: 999, asOf: -5, reason: "level_up")),
        .buildingBuilt(BuildingBuilt(type: "lumee_mine", asOf: 1_795_219_200_000)),
        .buildingUpgraded(BuildingUpgraded(type: "revie_shrine", levelAfter: 5)),
        .buildingCollected(BuildingCollected(type: "lumee_mine", amount: 480, asOfAfter: 1_795_219_260_000)),
        .leaderChanged(LeaderChanged(baseId: 42)),
        .leaderChanged(LeaderChanged(baseId: nil)),
    ].enumerated().map { index, payload in
        GameEvent(playerId: 7, at: 1_795_219_200_000 + Int64(index), correlationId: "c-1", causationId: "k-\(index)", payload: payload)
    }

    @Test func everyKindRoundTrips() throws {
        #expect(try EventCodec.decode(EventCodec.encode(Self.events)) == Self.events)
        for event in Self.events {
            #expect(try EventCodec.decode(EventCodec.encode([event])) == [event], "\(event.name)")
        }
    }

    /// A keyed record, for the shortest key, a usual one and the longest: its prefix is the
    /// marker, the key's length, the key and the fingerprint as stored; its key and request
    /// come back from ``EventCodec/splitKey(_:)``, and every reader of events (the replay, the
    /// ledger scan) reads past them.
    @Test(arguments: [1, 7, IdempotencyKey.capacity])
    func aKeyPrefixIsSplitOffAndReadPast(keyLength: Int) throws {
        let keyBytes = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 3) }
        let key = CommitKey(key: IdempotencyKey(keyBytes)!, request: [0x00, 0x04, 0x00, 0x01])
        var payload: [UInt8] = [9, 9]
        EventCodec.appendKeyPrefix(key, into: &payload)
        let fingerprint = key.request.withStoredBytes { Array($0) }
        #expect(payload == [9, 9, 0xFD, 0xFF, UInt8(keyLength), 0] + keyBytes + fingerprint, "appended after what the array held")
        payload.removeFirst(2)
        let eventsStart = payload.count
        EventCodec.encode(Self.events, into: &payload)
        let split = try EventCodec.splitKey(payload[...])
        #expect(split.key == key)
        #expect(Array(split.events) == Array(payload[eventsStart...]))
        #expect(try EventCodec.decode(payload) == Self.events)
        var changes: [Int64] = []
        try EventCodec.forEachCurrencyChange(in: payload[...]) { _, _, _, change in changes.append(change.delta) }
        #expect(changes == [-5])
        #expect(try EventCodec.splitKey(EventCodec.encode(Self.events)[...]).key == nil)
    }

    /// A record journaled before fingerprints, its key prefix holding the request's bytes
    /// (`0xFFFE`), reads as the key its retry sends now.
    @Test func aKeyPrefixWithTheRequestsBytesReadsAsItsFingerprint() throws {
        let request: [UInt8] = [0x00, 0x04, 0x00, 0x01]
        var payload: [UInt8] = [0xFE, 0xFF, 7, 0] + Array("retry-7".utf8) + [4, 0, 0, 0] + request
        let eventsStart = payload.count
        EventCodec.encode(Self.events, into: &payload)
        let split = try EventCodec.splitKey(payload[...])
        #expect(split.key == CommitKey(key: IdempotencyKey("retry-7".utf8)!, request: request))
        #expect(Array(split.events) == Array(payload[eventsStart...]))
        #expect(try EventCodec.decode(payload) == Self.events)
        var changes: [Int64] = []
        try EventCodec.forEachCurrencyChange(in: payload[...]) { _, _, _, change in changes.append(change.delta) }
        #expect(changes == [-5])
    }

    /// The readers that skip a key prefix check it as they go: a key or request that runs past
    /// the record is an error, in either form.
    @Test func aDamagedKeyPrefixIsAnError() {
        for damaged: [UInt8] in [[0xFD, 0xFF, 7, 0, 1, 2], [0xFD, 0xFF, 1, 0, 9, 1, 2, 3], [0xFE, 0xFF, 1, 0, 9, 200, 0, 0, 0, 1]] {
            #expect(throws: EventCodecError.self) { try EventCodec.decode(damaged) }
            #expect(throws: EventCodecError.self) { try EventCodec.forEachCurrencyChange(in: damaged[...]) { _, _, _, _ in } }
            #expect(throws: EventCodecError.self) { try EventCodec.splitKey(damaged[...]) }
        }
    }

    /// A journaled key longer than any the protocol accepts is damage, reported, not a trap.
    @Test func aKeyLongerThanTheProtocolAllowsIsDamage() {
        var payload: [UInt8] = [0xFD, 0xFF]
        payload.appendLittleEndian(UInt16(IdempotencyKey.capacity + 1))
        payload += [UInt8](repeating: 7, count: IdempotencyKey.capacity + 1)
        payload += [UInt8](repeating: 0, count: RequestFingerprint.byteCount)
        EventCodec.encode(Self.command, into: &payload)
        #expect(throws: EventCodecError.self) { try EventCodec.splitKey(payload[...]) }
    }

    /// The prefix written now: marker, key, and the request's 10-byte fingerprint, whatever the
    /// request's size.
    @Test func aKeyPrefixHoldsTheRequestsFingerprint() {
        var payload: [UInt8] = []
        EventCodec.appendKeyPrefix(CommitKey(key: IdempotencyKey("retry-7".utf8)!, request: [UInt8](repeating: 3, count: 500)), into: &payload)
        #expect(payload.count == 2 + 2 + 7 + RequestFingerprint.byteCount)
        #expect(Array(payload.prefix(2)) == [0xFD, 0xFF])
    }

    /// One command's events: one player, time, correlation and causation id.
    static let command: [GameEvent] = events.prefix(4).map {
        GameEvent(playerId: 9, at: 1_795_219_200_000, correlationId: "onboarding-42", causationId: "k-7", payload: $0.payload)
    }

    @Test func aCommandsEventsShareOneHeader() throws {
        let shared = EventCodec.encode(Self.command)
        #expect(Array(shared.prefix(2)) == [0xFF, 0xFF])
        #expect(try EventCodec.decode(shared) == Self.command)
        var perEvent: [UInt8] = []
        EventCodec.encodePerEvent(Self.command, into: &perEvent)
        #expect(try EventCodec.decode(perEvent) == Self.command)
        let header = 8 + 8 + 2 + "onboarding-42".utf8.count + 2 + "k-7".utf8.count
        #expect(perEvent.count - shared.count == header * (Self.command.count - 1) - 2)
    }

    /// What a key keeps of its commit: the payloads, which are the shared layout's tail as it
    /// lies (found where the encoding says, and found again past a key prefix), and the
    /// per-event layout's encoded again; they decode to the events' payloads.
    @Test func theKeptPayloadsAreTheSharedLayoutsTailAndDecodeToThePayloads() throws {
        var shared: [UInt8] = []
        EventCodec.appendKeyPrefix(CommitKey(key: IdempotencyKey("key".utf8)!, request: [0, 4, 0, 1]), into: &shared)
        let start = try #require(EventCodec.encode(Self.command, into: &shared))
        let payloads = EventCodec.encodePayloads(Self.command)
        #expect(Array(shared[start...]) == payloads)
        #expect(Array(try EventCodec.payloads(of: try EventCodec.splitKey(shared[...]).events)) == payloads)
        #expect(try EventCodec.decodePayloads(payloads[...]) == Self.command.map(\.payload))
        var perEvent: [UInt8] = []
        #expect(EventCodec.encode(Self.events, into: &perEvent) == nil, "events of several commands have no shared tail")
        #expect(Array(try EventCodec.payloads(of: perEvent[...])) == EventCodec.encodePayloads(Self.events))
        for length in 0..<payloads.count {
            #expect(throws: EventCodecError.self) { try EventCodec.decodePayloads(payloads.prefix(length)) }
        }
        #expect(throws: EventCodecError.self) { try EventCodec.decodePayloads((payloads + [0])[...]) }
    }

    @Test func eventsOfSeveralCommandsKeepTheirOwnHeaders() throws {
        let bytes = EventCodec.encode(Self.events)
        #expect(Array(bytes.prefix(2)) == [UInt8(Self.events.count), 0])
        #expect(try EventCodec.decode(bytes) == Self.events)
    }

    /// The layout journals were first written in, byte for byte: every journal written before
    /// the shared layout still replays.
    @Test func thePerEventLayoutOfOldJournalsStillDecodes() throws {
        let bytes: [UInt8] = [
            0x01, 0x00,                                      // one event
            UInt8(EventType.leaderChanged.rawValue),         // kind
            0x07, 0, 0, 0, 0, 0, 0, 0,                       // player 7
            0x2A, 0, 0, 0, 0, 0, 0, 0,                       // at 42
            0x01, 0x00, 0x63,                                // correlation id "c"
            0x01, 0x00, 0x6B,                                // causation id "k"
            0x0D, 0, 0, 0,                                   // base id 13
        ]
        let expected = GameEvent(playerId: 7, at: 42, correlationId: "c", causationId: "k", payload: .leaderChanged(LeaderChanged(baseId: 13)))
        #expect(try EventCodec.decode(bytes) == [expected])
    }

    @Test func everyTruncationIsAnError() {
        for bytes in [EventCodec.encode(Array(Self.events.prefix(3))), EventCodec.encode(Self.command)] {
            for length in 0..<bytes.count {
                #expect(throws: EventCodecError.self) { try EventCodec.decode(Array(bytes.prefix(length))) }
            }
        }
    }

    @Test func anUnknownEventKindIsAnError() {
        var bytes = EventCodec.encode(Array(Self.events.prefix(3)))
        bytes[2] = 0xEE
        #expect(throws: EventCodecError(offset: 2, reason: "unknown event kind 238")) { try EventCodec.decode(bytes) }
    }

    /// What the ledger's path reads from a payload: each `CurrencyChanged` with its event's
    /// player, time and correlation id.
    private struct FoundChange: Equatable {
        var playerId: UInt64
        var at: Int64
        var correlationId: String
        var change: CurrencyChanged
    }

    private static func foundByLedgerPath(_ bytes: [UInt8]) throws -> [FoundChange] {
        var found: [FoundChange] = []
        try EventCodec.forEachCurrencyChange(in: bytes[...]) { found.append(FoundChange(playerId: $0, at: $1, correlationId: $2, change: $3)) }
        return found
    }

    private static func foundByDecoding(_ events: [GameEvent]) -> [FoundChange] {
        events.compactMap { event in
            guard case let .currencyChanged(change) = event.payload else { return nil }
            return FoundChange(playerId: event.playerId, at: event.at, correlationId: event.correlationId, change: change)
        }
    }

    /// The ledger's path steps over every other kind by its fields' widths: a width that
    /// disagreed with the encoder would land mid-event and misread or fail. Every kind alone
    /// and followed by a currency change, in both layouts.
    @Test func theLedgerPathStepsOverEveryKindInBothLayouts() throws {
        let change = Self.events[1]
        #expect(try Self.foundByLedgerPath(EventCodec.encode(Self.events)) == Self.foundByDecoding(Self.events))
        for event in Self.events {
            let followed = [event, GameEvent(playerId: event.playerId, at: event.at, correlationId: event.correlationId, causationId: event.causationId, payload: change.payload)]
            var perEvent: [UInt8] = []
            EventCodec.encodePerEvent(followed, into: &perEvent)
            for bytes in [EventCodec.encode([event]), EventCodec.encode(followed), perEvent] {
                #expect(try Self.foundByLedgerPath(bytes) == Self.foundByDecoding(try EventCodec.decode(bytes)), "\(event.name)")
            }
        }
    }

    @Test func everyTruncationIsAnErrorOnTheLedgerPath() {
        for bytes in [EventCodec.encode(Self.events), EventCodec.encode(Self.command)] {
            for length in 0..<bytes.count {
                #expect(throws: EventCodecError.self) { try Self.foundByLedgerPath(Array(bytes.prefix(length))) }
            }
        }
    }
}
