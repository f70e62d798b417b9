import EspritGame

/// A whole player as a checkpoint stores it (little-endian, like the journal).
///
/// Layout v1: u8 version, u64 id, string name, bytes token hash, u16 level, i64 xp, i64 energy,
/// i64 energy as-of, i64 created at, 8 × i64 balances (currency order), u16 stack count then per
/// stack u32 base id, i64 count, u8 stars; u32 leader (0: none); u16 pity count then per banner
/// string id, u32 pulls; i64 last daily day (i64.min: never), u32 streak; u16 building count then
/// per building string type, u16 level, i64 as-of.
public enum PlayerCodec {
    static let version: UInt8 = 1

    public static func encode(_ player: PlayerState) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + player.esprits.count * 13)
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(player.id)
        bytes.appendString(player.name)
        bytes.appendBytes(player.tokenHash)
        bytes.appendLittleEndian(UInt16(player.level))
        bytes.appendLittleEndian(player.xp)
        bytes.appendLittleEndian(player.energy.value)
        bytes.appendLittleEndian(player.energy.asOf)
        bytes.appendLittleEndian(player.createdAt)
        for currency in Currency.allCases { bytes.appendLittleEndian(player.balances[currency]) }
        bytes.appendLittleEndian(UInt16(player.esprits.count))
        for stack in player.esprits.stacks {
            bytes.appendLittleEndian(stack.baseId)
            bytes.appendLittleEndian(stack.count)
            bytes.appendLittleEndian(UInt8(stack.stars))
        }
        bytes.appendLittleEndian(player.leader ?? 0)
        bytes.appendLittleEndian(UInt16(player.pity.count))
        for (banner, pulls) in player.pity.sorted(by: { $0.key < $1.key }) {
            bytes.appendString(banner)
            bytes.appendLittleEndian(UInt32(pulls))
        }
        bytes.appendLittleEndian(player.daily.lastClaimDay ?? .min)
        bytes.appendLittleEndian(UInt32(player.daily.streak))
        bytes.appendLittleEndian(UInt16(player.buildings.count))
        for building in player.buildings {
            bytes.appendString(building.type)
            bytes.appendLittleEndian(UInt16(building.level))
            bytes.appendLittleEndian(building.asOf)
        }
        return bytes
    }

    /// - Throws: ``EventCodecError`` (offset and reason) for bytes this version cannot read.
    public static func decode(_ bytes: [UInt8]) throws(EventCodecError) -> PlayerState {
        var reader = BinaryReader(bytes)
        do throws(BinaryReaderError) {
            let storedVersion = try reader.read(UInt8.self)
            guard storedVersion == version else {
                throw BinaryReaderError(offset: 0, reason: "player format version \(storedVersion), this server reads \(version)")
            }
            let id: UInt64 = try reader.read()
            let registered = PlayerRegistered(
                name: try reader.readString(), tokenHash: try reader.readBytes(), level: Int(try reader.read(UInt16.self)),
                xp: try reader.read(), energy: try reader.read()
            )
            let energyAsOf: Int64 = try reader.read()
            let createdAt: Int64 = try reader.read()
            var player = PlayerState(id: id, registered: registered, at: createdAt)
            player.energy = Energy(value: registered.energy, asOf: energyAsOf)
            for currency in Currency.allCases { player.balances[currency] = try reader.read() }
            for _ in 0..<Int(try reader.read(UInt16.self)) {
                let baseId: UInt32 = try reader.read()
                let count: Int64 = try reader.read()
                player.esprits.set(baseId: baseId, count: count, stars: Int(try reader.read(UInt8.self)))
            }
            let leader: UInt32 = try reader.read()
            player.leader = leader == 0 ? nil : leader
            for _ in 0..<Int(try reader.read(UInt16.self)) {
                let banner = try reader.readString()
                player.pity[banner] = Int(try reader.read(UInt32.self))
            }
            let lastDay: Int64 = try reader.read()
            player.daily = DailyState(lastClaimDay: lastDay == .min ? nil : lastDay, streak: Int(try reader.read(UInt32.self)))
            for _ in 0..<Int(try reader.read(UInt16.self)) {
                player.buildings.append(BuildingState(type: try reader.readString(), level: Int(try reader.read(UInt16.self)), asOf: try reader.read()))
            }
            guard reader.remaining == 0 else {
                throw BinaryReaderError(offset: reader.offset, reason: "\(reader.remaining) bytes after the player")
            }
            return player
        } catch {
            throw EventCodecError(offset: error.offset, reason: error.reason)
        }
    }
}
