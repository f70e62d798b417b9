import EspritGame

/// The journal payload: the events of one command, which commit or vanish together.
///
/// Two layouts (little-endian), and the reader takes both forever:
/// - **shared** (written since issue 11, session 6): u16 `0xFFFF`, then u64 player id, i64
///   time, string correlation id and string causation id once, then u16 event count and per
///   event u8 kind and the kind's fields. Every command's events share those four fields, and
///   repeating them per event was a third of a quest's record and of its encoding time.
/// - **per event** (the first layout, and the one written when events do not share them): u16
///   event count, then per event u8 kind, u64 player id, i64 time, string correlation id,
///   string causation id, and the kind's fields. A count never reaches the markers
///   (`0xFFFD` and above): a command's events number in the tens.
///
/// Either layout may follow a **key prefix**, which the reader takes in both forms:
/// - **fingerprinted** (written since issue 12, session 22): u16 `0xFFFD`, bytes idempotency
///   key (u16 length), u16 opcode and u64 hash of the request (``RequestFingerprint``);
/// - **with the request** (issue 12 until then): u16 `0xFFFE`, bytes key, u32 request length
///   and the request as the wire carried it, fingerprinted when read.
///
/// A change made under a key is journaled with it, so a restart rebuilds the keys with the
/// players. A build from before the fingerprinted form cannot read it: journals move forward
/// only.
///
/// The kind is the event's ``EventType`` number, shared with the wire: never renumber, only append.
public enum EventCodec {
    /// The first u16 of a payload in the shared layout.
    static let sharedLayoutMarker: UInt16 = 0xFFFF
    /// The first u16 of a payload that starts with a fingerprinted key prefix.
    static let keyPrefixMarker: UInt16 = 0xFFFD
    /// The first u16 of a payload that starts with a key prefix holding the request's bytes.
    static let keyWithRequestPrefixMarker: UInt16 = 0xFFFE

    /// Appends the key prefix; the events' payload (``encode(_:into:)``) must follow.
    ///
    /// Laid out on the stack and appended once: four appends, each checking the array's
    /// uniqueness and capacity, took about 22 ns of every keyed change (bench/RESULTS.md,
    /// session 30).
    public static func appendKeyPrefix(_ key: CommitKey, into bytes: inout [UInt8]) {
        // 80 bytes: the marker, the key's length, the longest key, the fingerprint.
        var staged: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let count = 4 + key.key.count + RequestFingerprint.byteCount
        withUnsafeMutableBytes(of: &staged) { raw in
            raw.storeBytes(of: keyPrefixMarker.littleEndian, toByteOffset: 0, as: UInt16.self)
            raw.storeBytes(of: UInt16(key.key.count).littleEndian, toByteOffset: 2, as: UInt16.self)
            key.key.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[4...]).copyMemory(from: $0) }
            key.request.withStoredBytes { UnsafeMutableRawBufferPointer(rebasing: raw[(4 + key.key.count)...]).copyMemory(from: $0) }
        }
        // As typed bytes: an array appends raw bytes one at a time, typed ones with one copy.
        withUnsafeBytes(of: staged) { raw in
            UnsafeRawBufferPointer(rebasing: raw[..<count]).withMemoryRebound(to: UInt8.self) { bytes.append(contentsOf: $0) }
        }
    }

    /// A payload's key, if it has a key prefix, and the bytes of its events after it.
    public static func splitKey(_ bytes: ArraySlice<UInt8>) throws(EventCodecError) -> (key: CommitKey?, events: ArraySlice<UInt8>) {
        var reader = BinaryReader(bytes)
        return try reading { () throws(BinaryReaderError) in
            guard bytes.count >= 2 else { return (nil, bytes) }
            let key: CommitKey
            switch try reader.read(UInt16.self) {
            case keyPrefixMarker: key = CommitKey(key: try reader.readKey(), request: try reader.readFingerprint())
            case keyWithRequestPrefixMarker: key = CommitKey(key: try reader.readKey(), request: try reader.readSized())
            default: return (nil, bytes)
            }
            return (key, bytes.dropFirst(reader.offset))
        }
    }

    /// The bytes of a payload's events, past its key prefix if it has one, without building
    /// the key: the checkpoint's ledger scan reads every journal record, and making each keyed
    /// record's key (an array and a hash) only to skip it cost every keyed change an allocation
    /// on the scan's thread (bench/RESULTS.md).
    ///
    /// A whole key prefix is measured in place: through a ``BinaryReader``, five reads took
    /// about 170 instructions of every keyed record the scan read (callgrind, bench/RESULTS.md,
    /// session 33). Older prefixes, and records too short for their prefix, take the reader.
    static func eventBytes(of bytes: ArraySlice<UInt8>) throws(EventCodecError) -> ArraySlice<UInt8> {
        let prefixBytes = bytes.withUnsafeBytes { raw -> Int? in
            guard raw.count >= 4 else { return nil }
            switch UInt16(littleEndian: raw.loadUnaligned(as: UInt16.self)) {
            case keyPrefixMarker:
                let keyCount = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
                let prefixBytes = 4 + keyCount + RequestFingerprint.byteCount
                return prefixBytes <= raw.count ? prefixBytes : nil
            case keyWithRequestPrefixMarker: return nil
            default: return 0
            }
        }
        if let prefixBytes { return bytes.dropFirst(prefixBytes) }
        var reader = BinaryReader(bytes)
        return try reading { () throws(BinaryReaderError) in
            guard bytes.count >= 2 else { return bytes }
            switch try reader.read(UInt16.self) {
            case keyPrefixMarker:
                try reader.skipLengthPrefixed()
                try reader.skip(RequestFingerprint.byteCount)
            case keyWithRequestPrefixMarker:
                try reader.skipLengthPrefixed()
                try reader.skip(Int(try reader.read(UInt32.self)))
            default:
                return bytes
            }
            return bytes.dropFirst(reader.offset)
        }
    }

    /// Appends the payload of one command's events, in the shared layout when they share it.
    /// Returns where the events' payloads (``encodePayloads(_:)``'s layout, the shared layout's
    /// tail) start in `bytes`; nil in the per-event layout.
    ///
    /// The events are read in place by index: `for event in events` and `events.first` copy
    /// each event, a reference count per string and collection it holds, on every commit.
    @discardableResult
    public static func encode(_ events: [GameEvent], into bytes: inout [UInt8]) -> Int? {
        guard !events.isEmpty, events.allSatisfy({ $0.sharesHeader(with: events[0]) }) else {
            encodePerEvent(events, into: &bytes)
            return nil
        }
        bytes.appendLittleEndian(sharedLayoutMarker)
        bytes.appendLittleEndian(events[0].playerId)
        bytes.appendLittleEndian(events[0].at)
        bytes.appendString(events[0].correlationId)
        bytes.appendString(events[0].causationId)
        let payloadsStart = bytes.count
        appendPayloads(events, into: &bytes)
        return payloadsStart
    }

    /// The events' payloads alone, which a retried key's answer is rebuilt from
    /// (``RetainedKeys``): u16 event count, then per event u8 kind and the kind's fields. The
    /// shared layout's tail, without the player, time and ids that a command's events share and
    /// that no answer reads.
    public static func encodePayloads(_ events: [GameEvent]) -> [UInt8] {
        var bytes: [UInt8] = []
        appendPayloads(events, into: &bytes)
        return bytes
    }

    private static func appendPayloads(_ events: [GameEvent], into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(UInt16(events.count))
        for index in events.indices {
            bytes.appendLittleEndian(UInt8(events[index].payload.type.rawValue))
            encodeFields(events[index].payload, into: &bytes)
        }
    }

    /// The payloads (``encodePayloads(_:)``'s layout) of a payload's events, past any key
    /// prefix (``splitKey(_:)``'s `events`): the shared layout's tail as it lies, the per-event
    /// layout's encoded again.
    public static func payloads(of events: ArraySlice<UInt8>) throws(EventCodecError) -> ArraySlice<UInt8> {
        var reader = BinaryReader(events)
        let shared = try reading { () throws(BinaryReaderError) -> Bool in
            guard events.count >= 2, try reader.read(UInt16.self) == sharedLayoutMarker else { return false }
            try reader.skip(16)
            try reader.skipLengthPrefixed()
            try reader.skipLengthPrefixed()
            return true
        }
        return shared ? events.dropFirst(reader.offset) : encodePayloads(try decode(events))[...]
    }

    /// Decodes ``encodePayloads(_:)``'s layout.
    ///
    /// - Throws: ``EventCodecError`` naming the byte offset where the payloads stopped making sense.
    public static func decodePayloads(_ bytes: ArraySlice<UInt8>) throws(EventCodecError) -> [EventPayload] {
        var reader = BinaryReader(bytes)
        return try reading { () throws(BinaryReaderError) in
            let count = Int(try reader.read(UInt16.self))
            var payloads: [EventPayload] = []
            payloads.reserveCapacity(min(count, reader.remaining))
            for _ in 0..<count {
                payloads.append(try decodeFields(try readKind(&reader), &reader))
            }
            guard reader.remaining == 0 else {
                throw BinaryReaderError(offset: reader.offset, reason: "\(reader.remaining) bytes after the last event")
            }
            return payloads
        }
    }

    /// The per-event layout, for events of more than one player, time or command.
    static func encodePerEvent(_ events: [GameEvent], into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(UInt16(events.count))
        for index in events.indices {
            bytes.appendLittleEndian(UInt8(events[index].payload.type.rawValue))
            bytes.appendLittleEndian(events[index].playerId)
            bytes.appendLittleEndian(events[index].at)
            bytes.appendString(events[index].correlationId)
            bytes.appendString(events[index].causationId)
            encodeFields(events[index].payload, into: &bytes)
        }
    }

    public static func encode(_ events: [GameEvent]) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(events, into: &bytes)
        return bytes
    }

    /// - Throws: ``EventCodecError`` naming the byte offset where the payload stopped making sense.
    public static func decode(_ bytes: [UInt8]) throws(EventCodecError) -> [GameEvent] {
        try decode(bytes[...])
    }

    /// Decodes a payload in place, such as a record inside the segment bytes a journal scan
    /// read, past its key prefix if it has one; offsets count from the start of the events.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(EventCodecError) -> [GameEvent] {
        var reader = BinaryReader(try eventBytes(of: bytes))
        return try reading { () throws(BinaryReaderError) in
            let first = try reader.read(UInt16.self)
            var events: [GameEvent] = []
            if first == sharedLayoutMarker {
                let playerId = try reader.read(UInt64.self)
                let at = try reader.read(Int64.self)
                let correlationId = try reader.readString()
                let causationId = try reader.readString()
                let count = Int(try reader.read(UInt16.self))
                events.reserveCapacity(count)
                for _ in 0..<count {
                    let payload = try decodeFields(try readKind(&reader), &reader)
                    events.append(GameEvent(playerId: playerId, at: at, correlationId: correlationId, causationId: causationId, payload: payload))
                }
            } else {
                events.reserveCapacity(Int(first))
                for _ in 0..<first {
                    events.append(try decodeEvent(&reader))
                }
            }
            guard reader.remaining == 0 else {
                throw BinaryReaderError(offset: reader.offset, reason: "\(reader.remaining) bytes after the last event")
            }
            return events
        }
    }

    /// Calls `body` with each `CurrencyChanged` of a payload, with its event's player, time and
    /// correlation id, and steps over every other event without building it: the checkpoint's
    /// ledger scan reads every journal record for the one or two events of it the ledger keeps.
    /// The events it steps over are checked for their lengths only, not for valid strings or
    /// known values: the start-up replay decodes them whole.
    ///
    /// - Throws: ``EventCodecError`` where the payload stops making sense; `body`'s errors as
    ///   they are.
    public static func forEachCurrencyChange(
        in bytes: ArraySlice<UInt8>, _ body: (_ playerId: UInt64, _ at: Int64, _ correlationId: String, _ change: CurrencyChanged) throws -> Void
    ) throws {
        var reader = BinaryReader(try eventBytes(of: bytes))
        let first = try reading { () throws(BinaryReaderError) in try reader.read(UInt16.self) }
        if first == sharedLayoutMarker {
            let (playerId, at, correlationId, count) = try reading { () throws(BinaryReaderError) in
                let header = (try reader.read(UInt64.self), try reader.read(Int64.self), try reader.readString())
                try reader.skipLengthPrefixed()
                return (header.0, header.1, header.2, try reader.read(UInt16.self))
            }
            for _ in 0..<count {
                let change = try reading { () throws(BinaryReaderError) in try currencyChange(try readKind(&reader), &reader) }
                if let change { try body(playerId, at, correlationId, change) }
            }
        } else {
            for _ in 0..<first {
                let found = try reading { () throws(BinaryReaderError) -> (UInt64, Int64, String, CurrencyChanged)? in
                    let kind = try readKind(&reader)
                    guard kind == .currencyChanged else {
                        try reader.skip(16)
                        try reader.skipLengthPrefixed()
                        try reader.skipLengthPrefixed()
                        _ = try currencyChange(kind, &reader)
                        return nil
                    }
                    let header = (try reader.read(UInt64.self), try reader.read(Int64.self), try reader.readString())
                    try reader.skipLengthPrefixed()
                    return try currencyChange(kind, &reader).map { (header.0, header.1, header.2, $0) }
                }
                if let (playerId, at, correlationId, change) = found { try body(playerId, at, correlationId, change) }
            }
        }
        if reader.remaining != 0 {
            throw EventCodecError(offset: reader.offset, reason: "\(reader.remaining) bytes after the last event")
        }
    }

    /// Runs one step of a read, naming where the payload stopped making sense.
    private static func reading<T>(_ step: () throws(BinaryReaderError) -> T) throws(EventCodecError) -> T {
        do throws(BinaryReaderError) {
            return try step()
        } catch {
            throw EventCodecError(offset: error.offset, reason: error.reason)
        }
    }

    /// A `CurrencyChanged` event's fields, decoded; any other kind's fields, skipped by their
    /// widths in ``encodeFields(_:into:)`` (`EventCodecTests` checks every kind).
    private static func currencyChange(_ kind: EventType, _ reader: inout BinaryReader) throws(BinaryReaderError) -> CurrencyChanged? {
        switch kind {
        case .currencyChanged:
            guard case let .currencyChanged(change) = try decodeFields(kind, &reader) else { return nil }
            return change
        case .playerRegistered:
            try reader.skipLengthPrefixed()
            try reader.skipLengthPrefixed()
            try reader.skip(2 + 8 + 8)
        case .espritAdded, .espritRemoved:
            try reader.skip(4 + 8)
            try reader.skipLengthPrefixed()
        case .espritFused: try reader.skip(4 + 4 + 4)
        case .fusionFailed: try reader.skip(4 + 4)
        case .espritAwakened: try reader.skip(4 + 1)
        case .espritCrafted: try reader.skip(4 + 1 + 1)
        case .summonPerformed:
            try reader.skipLengthPrefixed()
            try reader.skip(4 * Int(try reader.read(UInt16.self)) + 4)
        case .dailyClaimed:
            try reader.skip(8 + 4)
            try reader.skipLengthPrefixed()
            try reader.skip(8 + 1 + 4)
        case .questCompleted: try reader.skip(2 + 8 + 8 + 8 + 4)
        case .playerLeveledUp: try reader.skip(2 + 8)
        case .energyChanged:
            try reader.skip(8 + 8)
            try reader.skipLengthPrefixed()
        case .buildingBuilt:
            try reader.skipLengthPrefixed()
            try reader.skip(8)
        case .buildingUpgraded:
            try reader.skipLengthPrefixed()
            try reader.skip(2)
        case .buildingCollected:
            try reader.skipLengthPrefixed()
            try reader.skip(8 + 8)
        case .leaderChanged: try reader.skip(4)
        }
        return nil
    }

    private static func encodeFields(_ payload: EventPayload, into bytes: inout [UInt8]) {
        switch payload {
        case let .playerRegistered(registered):
            bytes.appendString(registered.name)
            bytes.appendBytes(registered.tokenHash)
            bytes.appendLittleEndian(UInt16(registered.level))
            bytes.appendLittleEndian(registered.xp)
            bytes.appendLittleEndian(registered.energy)
        case let .currencyChanged(change):
            bytes.appendLittleEndian(change.currency.rawValue)
            bytes.appendLittleEndian(change.delta)
            bytes.appendLittleEndian(change.balanceAfter)
            bytes.appendString(change.reason)
        case let .espritAdded(change), let .espritRemoved(change):
            bytes.appendLittleEndian(change.baseId)
            bytes.appendLittleEndian(change.countAfter)
            bytes.appendString(change.reason)
        case let .espritFused(fused):
            bytes.appendLittleEndian(fused.first)
            bytes.appendLittleEndian(fused.second)
            bytes.appendLittleEndian(fused.result)
        case let .fusionFailed(failed):
            bytes.appendLittleEndian(failed.first)
            bytes.appendLittleEndian(failed.second)
        case let .espritAwakened(awakened):
            bytes.appendLittleEndian(awakened.baseId)
            bytes.appendLittleEndian(UInt8(awakened.starsAfter))
        case let .espritCrafted(crafted):
            bytes.appendLittleEndian(crafted.baseId)
            bytes.appendLittleEndian(crafted.element.rawValue)
            bytes.appendLittleEndian(UInt8(crafted.tier))
        case let .summonPerformed(summon):
            bytes.appendString(summon.banner)
            bytes.appendLittleEndian(UInt16(summon.results.count))
            for baseId in summon.results { bytes.appendLittleEndian(baseId) }
            bytes.appendLittleEndian(UInt32(summon.pityAfter))
        case let .dailyClaimed(claim):
            bytes.appendLittleEndian(claim.day)
            bytes.appendLittleEndian(UInt32(claim.streakAfter))
            bytes.appendString(claim.reward.rawValue)
            bytes.appendLittleEndian(claim.amount)
            bytes.appendLittleEndian(claim.element.map { $0.rawValue + 1 } ?? 0)
            bytes.appendLittleEndian(claim.baseId ?? 0)
        case let .questCompleted(quest):
            bytes.appendLittleEndian(UInt16(quest.zone))
            bytes.appendLittleEndian(quest.xpGained)
            bytes.appendLittleEndian(quest.xpAfter)
            bytes.appendLittleEndian(quest.lumees)
            bytes.appendLittleEndian(quest.captured ?? 0)
        case let .playerLeveledUp(levelUp):
            bytes.appendLittleEndian(UInt16(levelUp.levelAfter))
            bytes.appendLittleEndian(levelUp.xpAfter)
        case let .energyChanged(change):
            bytes.appendLittleEndian(change.value)
            bytes.appendLittleEndian(change.asOf)
            bytes.appendString(change.reason)
        case let .buildingBuilt(built):
            bytes.appendString(built.type)
            bytes.appendLittleEndian(built.asOf)
        case let .buildingUpgraded(upgraded):
            bytes.appendString(upgraded.type)
            bytes.appendLittleEndian(UInt16(upgraded.levelAfter))
        case let .buildingCollected(collected):
            bytes.appendString(collected.type)
            bytes.appendLittleEndian(collected.amount)
            bytes.appendLittleEndian(collected.asOfAfter)
        case let .leaderChanged(change):
            bytes.appendLittleEndian(change.baseId ?? 0)
        }
    }

    /// One event of the per-event layout.
    private static func decodeEvent(_ reader: inout BinaryReader) throws(BinaryReaderError) -> GameEvent {
        let kind = try readKind(&reader)
        let playerId = try reader.read(UInt64.self)
        let at = try reader.read(Int64.self)
        let correlationId = try reader.readString()
        let causationId = try reader.readString()
        let payload = try decodeFields(kind, &reader)
        return GameEvent(playerId: playerId, at: at, correlationId: correlationId, causationId: causationId, payload: payload)
    }

    /// An event's u8 kind; an unknown one is an error at its offset.
    private static func readKind(_ reader: inout BinaryReader) throws(BinaryReaderError) -> EventType {
        let offset = reader.offset
        let rawKind = try reader.read(UInt8.self)
        guard let kind = EventType(rawValue: UInt16(rawKind)) else {
            throw BinaryReaderError(offset: offset, reason: "unknown event kind \(rawKind)")
        }
        return kind
    }

    private static func decodeFields(_ kind: EventType, _ reader: inout BinaryReader) throws(BinaryReaderError) -> EventPayload {
        switch kind {
        case .playerRegistered:
            return .playerRegistered(PlayerRegistered(
                name: try reader.readString(), tokenHash: try reader.readBytes(),
                level: Int(try reader.read(UInt16.self)), xp: try reader.read(), energy: try reader.read()
            ))
        case .currencyChanged:
            return .currencyChanged(CurrencyChanged(
                currency: try readCurrency(&reader), delta: try reader.read(), balanceAfter: try reader.read(),
                reason: try reader.readString()
            ))
        case .espritAdded, .espritRemoved:
            let change = EspritCountChanged(baseId: try reader.read(), countAfter: try reader.read(), reason: try reader.readString())
            return kind == .espritAdded ? .espritAdded(change) : .espritRemoved(change)
        case .espritFused:
            return .espritFused(EspritFused(first: try reader.read(), second: try reader.read(), result: try reader.read()))
        case .fusionFailed:
            return .fusionFailed(FusionFailed(first: try reader.read(), second: try reader.read()))
        case .espritAwakened:
            return .espritAwakened(EspritAwakened(baseId: try reader.read(), starsAfter: Int(try reader.read(UInt8.self))))
        case .espritCrafted:
            return .espritCrafted(EspritCrafted(
                baseId: try reader.read(), element: try readElement(&reader), tier: Int(try reader.read(UInt8.self))
            ))
        case .summonPerformed:
            let banner = try reader.readString()
            let count = Int(try reader.read(UInt16.self))
            var results: [UInt32] = []
            for _ in 0..<count { results.append(try reader.read()) }
            return .summonPerformed(SummonPerformed(banner: banner, results: results, pityAfter: Int(try reader.read(UInt32.self))))
        case .dailyClaimed:
            let day: Int64 = try reader.read()
            let streak = Int(try reader.read(UInt32.self))
            let rewardOffset = reader.offset
            guard let reward = EchoOutcome.Reward(rawValue: try reader.readString()) else {
                throw BinaryReaderError(offset: rewardOffset, reason: "unknown echo reward")
            }
            let amount: Int64 = try reader.read()
            let rawElement = try reader.read(UInt8.self)
            let element = rawElement == 0 ? nil : Element(rawValue: rawElement - 1)
            let baseId: UInt32 = try reader.read()
            return .dailyClaimed(DailyClaimed(
                day: day, streakAfter: streak, reward: reward, amount: amount, element: element, baseId: baseId == 0 ? nil : baseId
            ))
        case .questCompleted:
            let zone = Int(try reader.read(UInt16.self))
            let xpGained: Int64 = try reader.read()
            let xpAfter: Int64 = try reader.read()
            let lumees: Int64 = try reader.read()
            let captured: UInt32 = try reader.read()
            return .questCompleted(QuestCompleted(
                zone: zone, xpGained: xpGained, xpAfter: xpAfter, lumees: lumees, captured: captured == 0 ? nil : captured
            ))
        case .playerLeveledUp:
            return .playerLeveledUp(PlayerLeveledUp(levelAfter: Int(try reader.read(UInt16.self)), xpAfter: try reader.read()))
        case .energyChanged:
            return .energyChanged(EnergyChanged(value: try reader.read(), asOf: try reader.read(), reason: try reader.readString()))
        case .buildingBuilt:
            return .buildingBuilt(BuildingBuilt(type: try reader.readString(), asOf: try reader.read()))
        case .buildingUpgraded:
            return .buildingUpgraded(BuildingUpgraded(type: try reader.readString(), levelAfter: Int(try reader.read(UInt16.self))))
        case .buildingCollected:
            return .buildingCollected(BuildingCollected(type: try reader.readString(), amount: try reader.read(), asOfAfter: try reader.read()))
        case .leaderChanged:
            let baseId: UInt32 = try reader.read()
            return .leaderChanged(LeaderChanged(baseId: baseId == 0 ? nil : baseId))
        }
    }

    private static func readCurrency(_ reader: inout BinaryReader) throws(BinaryReaderError) -> Currency {
        let raw = try reader.read(UInt8.self)
        guard let currency = Currency(rawValue: raw) else {
            throw BinaryReaderError(offset: reader.offset - 1, reason: "unknown currency \(raw)")
        }
        return currency
    }

    private static func readElement(_ reader: inout BinaryReader) throws(BinaryReaderError) -> Element {
        let raw = try reader.read(UInt8.self)
        guard let element = Element(rawValue: raw) else {
            throw BinaryReaderError(offset: reader.offset - 1, reason: "unknown element \(raw)")
        }
        return element
    }
}

/// A journal payload that passed its checksum but does not decode: written by another version,
/// or a bug. Never skipped silently.
public struct EventCodecError: Error, Equatable, Sendable {
    public var offset: Int
    public var reason: String
}

extension GameEvent {
    /// Whether the shared layout can hold both: the same player, time and command.
    fileprivate func sharesHeader(with other: GameEvent) -> Bool {
        playerId == other.playerId && at == other.at && correlationId == other.correlationId && causationId == other.causationId
    }
}
