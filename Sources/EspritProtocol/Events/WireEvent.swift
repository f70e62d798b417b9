import NIOCore

/// A player event as the wire carries it: a u16 event type, then that type's fields (in v2
/// as `bytes`, with their length). Game operations answer with the events they caused, and
/// `EVENT` pushes carry one each.
///
/// The types and their numbers are part of protocol v1: never renumber, only append. Login
/// secrets never travel: `PlayerRegistered` has no token hash here.
public enum WireEvent: Equatable, Sendable {
    case playerRegistered(name: String, level: UInt16, xp: Int64, energy: Int64)
    case currencyChanged(currency: UInt8, delta: Int64, balanceAfter: Int64, reason: String)
    case espritAdded(baseId: UInt32, countAfter: Int64, reason: String)
    case espritRemoved(baseId: UInt32, countAfter: Int64, reason: String)
    case espritFused(first: UInt32, second: UInt32, result: UInt32)
    case fusionFailed(first: UInt32, second: UInt32)
    case espritAwakened(baseId: UInt32, starsAfter: UInt8)
    case espritCrafted(baseId: UInt32, element: UInt8, tier: UInt8)
    case summonPerformed(banner: String, results: [UInt32], pityAfter: UInt32)
    /// `reward` is `lumees`, `revies`, `shards` or `esprit`; `element` 255 and `baseId` 0 mean none.
    case dailyClaimed(day: Int64, streakAfter: UInt16, reward: String, amount: Int64, element: UInt8, baseId: UInt32)
    /// `captured` 0 means nothing was captured.
    case questCompleted(zone: UInt16, xpGained: Int64, xpAfter: Int64, lumees: Int64, captured: UInt32)
    case playerLeveledUp(levelAfter: UInt16, xpAfter: Int64)
    case energyChanged(value: Int64, asOf: Int64, reason: String)
    case buildingBuilt(type: String, asOf: Int64)
    case buildingUpgraded(type: String, levelAfter: UInt16)
    case buildingCollected(type: String, amount: Int64, asOfAfter: Int64)
    /// `baseId` 0 means the leader was cleared.
    case leaderChanged(baseId: UInt32)

    /// The event type numbers, and the names of GAME.md (``EspritCore/EventType``).
    public typealias EventType = EspritCore.EventType

    public var type: EventType {
        switch self {
        case .playerRegistered: .playerRegistered
        case .currencyChanged: .currencyChanged
        case .espritAdded: .espritAdded
        case .espritRemoved: .espritRemoved
        case .espritFused: .espritFused
        case .fusionFailed: .fusionFailed
        case .espritAwakened: .espritAwakened
        case .espritCrafted: .espritCrafted
        case .summonPerformed: .summonPerformed
        case .dailyClaimed: .dailyClaimed
        case .questCompleted: .questCompleted
        case .playerLeveledUp: .playerLeveledUp
        case .energyChanged: .energyChanged
        case .buildingBuilt: .buildingBuilt
        case .buildingUpgraded: .buildingUpgraded
        case .buildingCollected: .buildingCollected
        case .leaderChanged: .leaderChanged
        }
    }

    /// v1's layout, in answers: the event type, then the fields.
    func encode(into buffer: inout ByteBuffer) {
        buffer.writeWire(type.rawValue)
        encodeFields(into: &buffer)
    }

    /// v2's layout, in answers as in `EVENT`: the event type, then the fields as `bytes`, whose
    /// length lets a client skip a type it does not know. No event comes near the u16 length.
    func encodeSized(into buffer: inout ByteBuffer) {
        buffer.writeWire(type.rawValue)
        let lengthIndex = buffer.writerIndex
        buffer.writeWire(UInt16(0))
        encodeFields(into: &buffer)
        buffer.setInteger(UInt16(truncatingIfNeeded: buffer.writerIndex - lengthIndex - 2), at: lengthIndex, endianness: .big)
    }

    func encodeFields<Writer: WireWriter>(into buffer: inout Writer) {
        switch self {
        case let .playerRegistered(name, level, xp, energy):
            buffer.writeWireString(name); buffer.writeWire(level); buffer.writeWire(xp); buffer.writeWire(energy)
        case let .currencyChanged(currency, delta, balanceAfter, reason):
            buffer.writeWire(currency); buffer.writeWire(delta); buffer.writeWire(balanceAfter); buffer.writeWireString(reason)
        case let .espritAdded(baseId, countAfter, reason), let .espritRemoved(baseId, countAfter, reason):
            buffer.writeWire(baseId); buffer.writeWire(countAfter); buffer.writeWireString(reason)
        case let .espritFused(first, second, result):
            buffer.writeWire(first); buffer.writeWire(second); buffer.writeWire(result)
        case let .fusionFailed(first, second):
            buffer.writeWire(first); buffer.writeWire(second)
        case let .espritAwakened(baseId, starsAfter):
            buffer.writeWire(baseId); buffer.writeWire(starsAfter)
        case let .espritCrafted(baseId, element, tier):
            buffer.writeWire(baseId); buffer.writeWire(element); buffer.writeWire(tier)
        case let .summonPerformed(banner, results, pityAfter):
            buffer.writeWireString(banner)
            buffer.writeWireList(results) { $0.writeWire($1) }
            buffer.writeWire(pityAfter)
        case let .dailyClaimed(day, streakAfter, reward, amount, element, baseId):
            buffer.writeWire(day); buffer.writeWire(streakAfter); buffer.writeWireString(reward)
            buffer.writeWire(amount); buffer.writeWire(element); buffer.writeWire(baseId)
        case let .questCompleted(zone, xpGained, xpAfter, lumees, captured):
            buffer.writeWire(zone); buffer.writeWire(xpGained); buffer.writeWire(xpAfter); buffer.writeWire(lumees); buffer.writeWire(captured)
        case let .playerLeveledUp(levelAfter, xpAfter):
            buffer.writeWire(levelAfter); buffer.writeWire(xpAfter)
        case let .energyChanged(value, asOf, reason):
            buffer.writeWire(value); buffer.writeWire(asOf); buffer.writeWireString(reason)
        case let .buildingBuilt(type, asOf):
            buffer.writeWireString(type); buffer.writeWire(asOf)
        case let .buildingUpgraded(type, levelAfter):
            buffer.writeWireString(type); buffer.writeWire(levelAfter)
        case let .buildingCollected(type, amount, asOfAfter):
            buffer.writeWireString(type); buffer.writeWire(amount); buffer.writeWire(asOfAfter)
        case let .leaderChanged(baseId):
            buffer.writeWire(baseId)
        }
    }

    /// Reads v1's layout: an unknown type cannot be skipped, so it is an error.
    static func decode(from buffer: inout ByteBuffer) throws(WireDecodingError) -> WireEvent {
        let raw = try buffer.readWire(UInt16.self, field: "eventType")
        guard let type = EventType(rawValue: raw) else {
            throw WireDecodingError(field: "eventType", reason: "unknown event type \(raw)")
        }
        return try decodeFields(of: type, from: &buffer)
    }

    /// Reads v2's layout; `nil` for an event type this codec does not know, which is skipped.
    static func decodeSized(from buffer: inout ByteBuffer) throws(WireDecodingError) -> WireEvent? {
        let raw = try buffer.readWire(UInt16.self, field: "eventType")
        let length = Int(try buffer.readWire(UInt16.self, field: "data"))
        guard var data = buffer.readSlice(length: length) else {
            throw WireDecodingError(field: "data", reason: "length \(length) runs past the end of the frame")
        }
        guard let type = EventType(rawValue: raw) else { return nil }
        let event = try decodeFields(of: type, from: &data)
        try data.requireFullyRead(message: type.name)
        return event
    }

    /// The event an `EVENT` frame carries; `nil` for an event type this codec does not know.
    public static func decode(type raw: UInt16, data: [UInt8]) throws(WireDecodingError) -> WireEvent? {
        guard let type = EventType(rawValue: raw) else { return nil }
        var buffer = ByteBuffer(bytes: data)
        let event = try decodeFields(of: type, from: &buffer)
        try buffer.requireFullyRead(message: type.name)
        return event
    }

    private static func decodeFields(of type: EventType, from buffer: inout ByteBuffer) throws(WireDecodingError) -> WireEvent {
        switch type {
        case .playerRegistered:
            return .playerRegistered(name: try buffer.readWireString(field: "name"), level: try buffer.readWire(field: "level"), xp: try buffer.readWire(field: "xp"), energy: try buffer.readWire(field: "energy"))
        case .currencyChanged:
            return .currencyChanged(currency: try buffer.readWire(field: "currency"), delta: try buffer.readWire(field: "delta"), balanceAfter: try buffer.readWire(field: "balanceAfter"), reason: try buffer.readWireString(field: "reason"))
        case .espritAdded:
            return .espritAdded(baseId: try buffer.readWire(field: "baseId"), countAfter: try buffer.readWire(field: "countAfter"), reason: try buffer.readWireString(field: "reason"))
        case .espritRemoved:
            return .espritRemoved(baseId: try buffer.readWire(field: "baseId"), countAfter: try buffer.readWire(field: "countAfter"), reason: try buffer.readWireString(field: "reason"))
        case .espritFused:
            return .espritFused(first: try buffer.readWire(field: "first"), second: try buffer.readWire(field: "second"), result: try buffer.readWire(field: "result"))
        case .fusionFailed:
            return .fusionFailed(first: try buffer.readWire(field: "first"), second: try buffer.readWire(field: "second"))
        case .espritAwakened:
            return .espritAwakened(baseId: try buffer.readWire(field: "baseId"), starsAfter: try buffer.readWire(field: "starsAfter"))
        case .espritCrafted:
            return .espritCrafted(baseId: try buffer.readWire(field: "baseId"), element: try buffer.readWire(field: "element"), tier: try buffer.readWire(field: "tier"))
        case .summonPerformed:
            let banner = try buffer.readWireString(field: "banner")
            let results = try buffer.readWireList(field: "results") { (buffer: inout ByteBuffer) throws(WireDecodingError) -> UInt32 in
                try buffer.readWire(field: "results")
            }
            return .summonPerformed(banner: banner, results: results, pityAfter: try buffer.readWire(field: "pityAfter"))
        case .dailyClaimed:
            return .dailyClaimed(
                day: try buffer.readWire(field: "day"), streakAfter: try buffer.readWire(field: "streakAfter"),
                reward: try buffer.readWireString(field: "reward"), amount: try buffer.readWire(field: "amount"),
                element: try buffer.readWire(field: "element"), baseId: try buffer.readWire(field: "baseId")
            )
        case .questCompleted:
            return .questCompleted(
                zone: try buffer.readWire(field: "zone"), xpGained: try buffer.readWire(field: "xpGained"), xpAfter: try buffer.readWire(field: "xpAfter"),
                lumees: try buffer.readWire(field: "lumees"), captured: try buffer.readWire(field: "captured")
            )
        case .playerLeveledUp:
            return .playerLeveledUp(levelAfter: try buffer.readWire(field: "levelAfter"), xpAfter: try buffer.readWire(field: "xpAfter"))
        case .energyChanged:
            return .energyChanged(value: try buffer.readWire(field: "value"), asOf: try buffer.readWire(field: "asOf"), reason: try buffer.readWireString(field: "reason"))
        case .buildingBuilt:
            return .buildingBuilt(type: try buffer.readWireString(field: "type"), asOf: try buffer.readWire(field: "asOf"))
        case .buildingUpgraded:
            return .buildingUpgraded(type: try buffer.readWireString(field: "type"), levelAfter: try buffer.readWire(field: "levelAfter"))
        case .buildingCollected:
            return .buildingCollected(type: try buffer.readWireString(field: "type"), amount: try buffer.readWire(field: "amount"), asOfAfter: try buffer.readWire(field: "asOfAfter"))
        case .leaderChanged:
            return .leaderChanged(baseId: try buffer.readWire(field: "baseId"))
        }
    }
}
