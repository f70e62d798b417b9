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

    /// The player's JSON line, newline included.
    static func line(_ player: PlayerState) -> String {
        var line = "{\"id\":\(player.id),\"name\":"
        appendJSONString(player.name, to: &line)
        line += ",\"tokenHash\":\"\(Hex.encode(player.tokenHash))\",\"level\":\(player.level),\"xp\":\(player.xp)"
        line += ",\"energy\":{\"value\":\(player.energy.value),\"asOf\":\(player.energy.asOf)},\"createdAt\":\(player.createdAt),\"balances\":{"
        line += Currency.allCases.map { "\"\($0.name)\":\(player.balances[$0])" }.joined(separator: ",")
        line += "},\"esprits\":["
        line += player.esprits.stacks.map { "{\"baseId\":\($0.baseId),\"count\":\($0.count),\"stars\":\($0.stars)}" }.joined(separator: ",")
        line += "],\"leader\":\(player.leader.map(String.init) ?? "null"),\"pity\":{"
        line += player.pity.sorted { $0.key < $1.key }.map { banner, pulls in
            var entry = ""
            appendJSONString(banner, to: &entry)
            return entry + ":\(pulls)"
        }.joined(separator: ",")
        line += "},\"daily\":{\"lastClaimDay\":\(player.daily.lastClaimDay.map(String.init) ?? "null"),\"streak\":\(player.daily.streak)},\"buildings\":["
        line += player.buildings.map { building in
            var entry = "{\"type\":"
            appendJSONString(building.type, to: &entry)
            return entry + ",\"level\":\(building.level),\"asOf\":\(building.asOf)}"
        }.joined(separator: ",")
        line += "]}\n"
        return line
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

    private static func appendJSONString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// Lowercase hex, for token hashes and checksums in documents people read.
enum Hex {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: result, as: UTF8.self)
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
