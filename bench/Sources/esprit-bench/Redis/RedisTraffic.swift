import NIOCore

/// Redis commands for a load connection: one EVALSHA per request, answered in order. The
/// scripts are loaded and the player hashes created beforehand by ``RedisWorkload``.
struct RedisTraffic: LoadTraffic {
    enum Mix {
        /// The grant script on a player picked at random among `players` hashes.
        case grant(sha: String, players: Int)
        /// The quest script on the connection's own player hash.
        case quest(sha: String, player: Int)
    }

    var mix: Mix

    var operations: [String] {
        switch mix {
        case .grant: ["grant"]
        case .quest: ["quest"]
        }
    }

    var answersInOrder: Bool { true }

    func writeGreeting(into buffer: inout ByteBuffer) -> Int { 0 }

    mutating func writeRequest(slot: Int, random: inout BenchRandom, into buffer: inout ByteBuffer) -> Int {
        switch mix {
        case let .grant(sha, players):
            RESPValue.writeCommand(["EVALSHA", sha, "1", "player:\(random.next() % UInt64(players))", "lumees", "1"], into: &buffer)
        case let .quest(sha, player):
            RESPValue.writeCommand(["EVALSHA", sha, "1", "player:\(player)", "6", "10", "\(40 + random.next() % 21)"], into: &buffer)
        }
        return 0
    }

    /// An integer is the script's answer, an error reply a rule's refusal (the scripts raise
    /// them like Esprit's refusals); anything else means the script did not run as written.
    func readReply(from buffer: inout ByteBuffer) throws -> LoadReply {
        switch try RESPValue.read(from: &buffer) {
        case nil: .incomplete
        case .integer: .answer(slot: nil, .answered)
        case .error: .answer(slot: nil, .refused)
        case .some: .answer(slot: nil, .failed)
        }
    }
}
