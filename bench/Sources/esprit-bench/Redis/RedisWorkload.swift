/// The Redis side of the comparison: what a studio's hand-rolled backend would run, game logic
/// in Lua scripts called by EVALSHA, one hash per player.
enum RedisWorkload {
    /// `ADMIN_GRANT`'s checks and effect: the player exists, the amount is positive, the
    /// balance stays within the maximum; then the increment. Returns the new balance.
    static let grantScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NOT_FOUND') end
        local amount = tonumber(ARGV[2])
        if amount <= 0 then return redis.error_reply('VALIDATION') end
        local balance = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        if balance + amount > 1000000000000 then return redis.error_reply('LIMIT_REACHED') end
        return redis.call('HINCRBY', KEYS[1], ARGV[1], amount)
        """

    /// A quest: check the energy, then take it and pay xp and lumees, in one script.
    static let questScript = """
        local energy = tonumber(redis.call('HGET', KEYS[1], 'energy') or '-1')
        if energy < 0 then return redis.error_reply('NOT_FOUND') end
        local cost = tonumber(ARGV[1])
        if energy < cost then return redis.error_reply('INSUFFICIENT') end
        redis.call('HINCRBY', KEYS[1], 'energy', -cost)
        redis.call('HINCRBY', KEYS[1], 'xp', ARGV[2])
        return redis.call('HINCRBY', KEYS[1], 'lumees', ARGV[3])
        """

    /// Loads the scripts and creates one player hash per connection over `setup`, then returns
    /// what each load connection sends: `grant` (1 lumee to a random player) or `quest` (the
    /// connection's own player, zone 1: 6 energy, 10 xp, 40–60 lumees).
    static func prepare(_ workload: Workload, connections: Int, setup: RESPClient) async throws -> [RedisTraffic] {
        let grant = try await load(grantScript, on: setup)
        let quest = try await load(questScript, on: setup)
        for index in 0..<connections {
            _ = try await setup.command("HSET", "player:\(index)", "lumees", "1000", "xp", "0", "energy", "1000000000000")
        }
        return try (0..<connections).map { index in
            switch workload {
            case .grant: RedisTraffic(mix: .grant(sha: grant, players: connections))
            case .quest: RedisTraffic(mix: .quest(sha: quest, player: index))
            case .read, .game: throw BenchError("the Redis peer runs the grant and quest workloads only")
            }
        }
    }

    private static func load(_ script: String, on client: RESPClient) async throws -> String {
        guard case let .bulk(sha?) = try await client.command("SCRIPT", "LOAD", script) else {
            throw BenchError("Redis refused SCRIPT LOAD")
        }
        return String(decoding: sha, as: UTF8.self)
    }
}
