import EspritGame

/// The journal payload: the events of one command, which commit or vanish together.
///
/// Layout (little-endian): u16 event count, then per event u8 kind, u64 player id, i64 time,
/// string correlation id, string causation id, and the kind's fields. Kind numbers are stable.
public enum EventCodec {
    private enum Kind: UInt8 {
        case playerRegistered = 1
        case currencyChanged = 2
    }

    public static func encode(_ events: [GameEvent], into bytes: inout [UInt8]) {
        bytes.appendLittleEndian(UInt16(events.count))
        for event in events {
            switch event.payload {
            case .playerRegistered: bytes.appendLittleEndian(Kind.playerRegistered.rawValue)
            case .currencyChanged: bytes.appendLittleEndian(Kind.currencyChanged.rawValue)
            }
            bytes.appendLittleEndian(event.playerId)
            bytes.appendLittleEndian(event.at)
            bytes.appendString(event.correlationId)
            bytes.appendString(event.causationId)
            switch event.payload {
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
            }
        }
    }

    public static func encode(_ events: [GameEvent]) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(events, into: &bytes)
        return bytes
    }

    /// - Throws: ``EventCodecError`` naming the byte offset where the payload stopped making sense.
    public static func decode(_ bytes: [UInt8]) throws(EventCodecError) -> [GameEvent] {
        var reader = BinaryReader(bytes)
        do throws(BinaryReaderError) {
            let count = Int(try reader.read(UInt16.self))
            var events: [GameEvent] = []
            events.reserveCapacity(count)
            for _ in 0..<count {
                events.append(try decodeEvent(&reader))
            }
            guard reader.remaining == 0 else {
                throw BinaryReaderError(offset: reader.offset, reason: "\(reader.remaining) bytes after the last event")
            }
            return events
        } catch {
            throw EventCodecError(offset: error.offset, reason: error.reason)
        }
    }

    private static func decodeEvent(_ reader: inout BinaryReader) throws(BinaryReaderError) -> GameEvent {
        let kindOffset = reader.offset
        let rawKind = try reader.read(UInt8.self)
        let playerId = try reader.read(UInt64.self)
        let at = try reader.read(Int64.self)
        let correlationId = try reader.readString()
        let causationId = try reader.readString()
        let payload: EventPayload
        switch Kind(rawValue: rawKind) {
        case .playerRegistered:
            payload = .playerRegistered(
                PlayerRegistered(
                    name: try reader.readString(), tokenHash: try reader.readBytes(),
                    level: Int(try reader.read(UInt16.self)), xp: try reader.read(), energy: try reader.read()
                )
            )
        case .currencyChanged:
            let rawCurrency = try reader.read(UInt8.self)
            guard let currency = Currency(rawValue: rawCurrency) else {
                throw BinaryReaderError(offset: reader.offset - 1, reason: "unknown currency \(rawCurrency)")
            }
            payload = .currencyChanged(
                CurrencyChanged(
                    currency: currency, delta: try reader.read(), balanceAfter: try reader.read(),
                    reason: try reader.readString()
                )
            )
        case .none:
            throw BinaryReaderError(offset: kindOffset, reason: "unknown event kind \(rawKind)")
        }
        return GameEvent(playerId: playerId, at: at, correlationId: correlationId, causationId: causationId, payload: payload)
    }
}

/// A journal payload that passed its checksum but does not decode: written by another version,
/// or a bug. Never skipped silently.
public struct EventCodecError: Error, Equatable, Sendable {
    public var offset: Int
    public var reason: String
}
