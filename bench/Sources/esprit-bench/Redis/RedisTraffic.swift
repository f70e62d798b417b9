import NIOCore

/// Redis commands for a load connection: one EVALSHA per request, answered in order. The
/// scripts are loaded and the player hashes created beforehand by ``RedisWorkload``.
///
/// Like ``EspritTraffic``, it encodes every command it can send once, at set-up, and reads the
/// scripts' one-line answers without building a value: both targets get the same lean
/// generator.
struct RedisTraffic: LoadTraffic {
    enum Mix {
        /// The grant script on a player picked at random among `players` hashes.
        case grant(sha: String, players: Int)
        /// The quest script on the connection's own player hash.
        case quest(sha: String, player: Int)
    }

    let mix: Mix
    /// Every command the mix sends, encoded: `.grant`'s one per player hash, `.quest`'s one per
    /// reward from 40 to 60.
    private let commands: [[UInt8]]

    init(mix: Mix) {
        self.mix = mix
        let arguments: [[String]] =
            switch mix {
            case let .grant(sha, players): (0..<players).map { ["EVALSHA", sha, "1", "player:\($0)", "lumees", "1"] }
            case let .quest(sha, player): (40...60).map { ["EVALSHA", sha, "1", "player:\(player)", "6", "10", "\($0)"] }
            }
        commands = arguments.map { command in
            var buffer = ByteBuffer()
            RESPValue.writeCommand(command, into: &buffer)
            return Array(buffer.readableBytesView)
        }
    }

    var operations: [String] {
        switch mix {
        case .grant: ["grant"]
        case .quest: ["quest"]
        }
    }

    static var answersInOrder: Bool { true }

    func writeGreeting(into buffer: inout ByteBuffer) -> Int { 0 }

    /// A random player's hash for a grant, a random reward from 40 to 60 for a quest.
    func writeRequest(slot: Int, random: inout BenchRandom, into buffer: inout ByteBuffer) -> Int {
        buffer.writeBytes(commands[Int(random.next() % UInt64(commands.count))])
        return 0
    }

    /// An integer is the script's answer, an error reply a rule's refusal (the scripts raise
    /// them like Esprit's refusals): both are one line, skipped whole. Anything else means the
    /// script did not run as written; it is read as a whole value.
    func readReply(from buffer: inout ByteBuffer) throws -> LoadReply {
        let view = buffer.readableBytesView
        if let type = view.first, type == UInt8(ascii: ":") || type == UInt8(ascii: "-") {
            guard let end = view.firstIndex(of: UInt8(ascii: "\n")) else { return .incomplete }
            buffer.moveReaderIndex(to: end + 1)
            return .answer(slot: nil, type == UInt8(ascii: ":") ? .answered : .refused)
        }
        guard try RESPValue.read(from: &buffer) != nil else { return .incomplete }
        return .answer(slot: nil, .failed)
    }
}
