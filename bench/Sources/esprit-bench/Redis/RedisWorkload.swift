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

    /// Loads the scripts, creates one player hash per connection, and returns a driver per
    /// connection for `grant` (1 lumee to a random player) or `quest` (the connection's own
    /// player, zone 1: 6 energy, 10 xp, 40–60 lumees).
    static func prepare(_ workload: Workload, clients: [RESPClient]) async throws -> [Workload.Driver] {
        let grant = try await load(grantScript, on: clients[0])
        let quest = try await load(questScript, on: clients[0])
        for index in clients.indices {
            _ = try await clients[0].command("HSET", "player:\(index)", "lumees", "1000", "xp", "0", "energy", "1000000000000")
        }
        let count = UInt64(clients.count)
        return try clients.enumerated().map { index, client in
            switch workload {
            case .grant:
                return { random in
                    let key = "player:\(random.next() % count)"
                    return ("grant", outcome(try? await client.command("EVALSHA", grant, "1", key, "lumees", "1")))
                }
            case .quest:
                return { random in
                    let lumees = 40 + random.next() % 21
                    return ("quest", outcome(try? await client.command("EVALSHA", quest, "1", "player:\(index)", "6", "10", "\(lumees)")))
                }
            case .read, .game:
                throw BenchError("the Redis peer runs the grant and quest workloads only")
            }
        }
    }

    private static func load(_ script: String, on client: RESPClient) async throws -> String {
        guard case let .bulk(sha?) = try await client.command("SCRIPT", "LOAD", script) else {
            throw BenchError("Redis refused SCRIPT LOAD")
        }
        return String(decoding: sha, as: UTF8.self)
    }

    private static func outcome(_ reply: RESPValue?) -> Workload.Outcome {
        switch reply {
        case .integer: .answered
        case .error: .refused
        default: .failed
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
