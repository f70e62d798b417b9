import EspritGame
import Foundation

/// One line of a snapshot: a player, as JSON with the fields protocol/SNAPSHOT.md documents.
///
/// Writing is by hand (an export of a million players must not spend its time in a generic
/// encoder); reading, which only a restore does, uses `Codable` with the same keys, and a test
/// checks that every player survives the round trip.
struct SnapshotPlayer: Codable {
    struct Energy: Codable {
        var value: Int64
        var asOf: Int64
    }

    struct Stack: Codable {
        var baseId: UInt32
        var count: Int64
        var stars: Int
    }

    struct Daily: Codable {
        var lastClaimDay: Int64?
        var streak: Int
    }

    struct Building: Codable {
        var type: String
        var level: Int
        var asOf: Int64
    }

    var id: UInt64
    var name: String
    var tokenHash: String
    var level: Int
    var xp: Int64
    var energy: Energy
    var createdAt: Int64
    var balances: [String: Int64]
    var esprits: [Stack]
    var leader: UInt32?
    var pity: [String: Int]
    var daily: Daily
    var buildings: [Building]

    /// Appends the player's JSON line, newline included, straight as bytes: no intermediate
    /// strings, so a million players cost seconds, not minutes.
    static func appendLine(_ player: PlayerState, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        appendNumber(player.id, to: &out)
        out.append(contentsOf: #","name":"#.utf8)
        appendJSONString(player.name, to: &out)
        out.append(contentsOf: #","tokenHash":""#.utf8)
        Hex.append(player.tokenHash, to: &out)
        out.append(contentsOf: #"","level":"#.utf8)
        appendNumber(Int64(player.level), to: &out)
        out.append(contentsOf: #","xp":"#.utf8)
        appendNumber(player.xp, to: &out)
        out.append(contentsOf: #","energy":{"value":"#.utf8)
        appendNumber(player.energy.value, to: &out)
        out.append(contentsOf: #","asOf":"#.utf8)
        appendNumber(player.energy.asOf, to: &out)
        out.append(contentsOf: #"},"createdAt":"#.utf8)
        appendNumber(player.createdAt, to: &out)
        out.append(contentsOf: #","balances":{"#.utf8)
        for (index, currency) in Currency.allCases.enumerated() {
            out.append(contentsOf: balanceKeys[index])
            appendNumber(player.balances[currency], to: &out)
        }
        out.append(contentsOf: #"},"esprits":["#.utf8)
        for (index, stack) in player.esprits.stacks.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"baseId":"#.utf8)
            appendNumber(UInt64(stack.baseId), to: &out)
            out.append(contentsOf: #","count":"#.utf8)
            appendNumber(stack.count, to: &out)
            out.append(contentsOf: #","stars":"#.utf8)
            appendNumber(Int64(stack.stars), to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: #"],"leader":"#.utf8)
        if let leader = player.leader { appendNumber(UInt64(leader), to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","pity":{"#.utf8)
        for (index, entry) in player.pity.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendJSONString(entry.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendNumber(Int64(entry.value), to: &out)
        }
        out.append(contentsOf: #"},"daily":{"lastClaimDay":"#.utf8)
        if let day = player.daily.lastClaimDay { appendNumber(day, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","streak":"#.utf8)
        appendNumber(Int64(player.daily.streak), to: &out)
        out.append(contentsOf: #"},"buildings":["#.utf8)
        for (index, building) in player.buildings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"type":"#.utf8)
            appendJSONString(building.type, to: &out)
            out.append(contentsOf: #","level":"#.utf8)
            appendNumber(Int64(building.level), to: &out)
            out.append(contentsOf: #","asOf":"#.utf8)
            appendNumber(building.asOf, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}\n".utf8)
    }

    /// `"lumees":`, `,"revies":`, … in currency order, encoded once.
    private static let balanceKeys: [[UInt8]] = Currency.allCases.enumerated().map { index, currency in
        var key: [UInt8] = index > 0 ? [UInt8(ascii: ",")] : []
        appendJSONString(currency.name, to: &key)
        key.append(UInt8(ascii: ":"))
        return key
    }

    private static func appendNumber(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendNumber(value.magnitude, to: &out)
        } else {
            appendNumber(UInt64(value), to: &out)
        }
    }

    private static func appendNumber(_ value: UInt64, to out: inout [UInt8]) {
        guard value >= 10 else {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        appendNumber(value / 10, to: &out)
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The player this line describes.
    func state() throws(SnapshotError) -> PlayerState {
        guard let hash = Hex.decode(tokenHash) else { throw SnapshotError(message: "player \(id): tokenHash is not hex") }
        var player = PlayerState(
            id: id, registered: PlayerRegistered(name: name, tokenHash: hash, level: level, xp: xp, energy: energy.value), at: createdAt
        )
        player.energy = EspritGame.Energy(value: energy.value, asOf: energy.asOf)
        for (name, amount) in balances {
            guard let currency = Currency(name: name) else { throw SnapshotError(message: "player \(id): unknown currency \(name)") }
            player.balances[currency] = amount
        }
        for stack in esprits {
            player.esprits.set(baseId: stack.baseId, count: stack.count, stars: stack.stars)
        }
        player.leader = leader
        player.pity = pity
        player.daily = DailyState(lastClaimDay: daily.lastClaimDay, streak: daily.streak)
        player.buildings = buildings.map { BuildingState(type: $0.type, level: $0.level, asOf: $0.asOf) }
        return player
    }

    private static func appendJSONString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                Hex.append([byte], to: &out)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Lowercase hex, for token hashes and checksums in documents people read.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var result: [UInt8] = []
        append(bytes, to: &result)
        return String(decoding: result, as: UTF8.self)
    }

    static func append(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
    }

    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
