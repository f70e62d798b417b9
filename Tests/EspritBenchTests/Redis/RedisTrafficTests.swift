@testable import esprit_bench
import NIOCore
import Testing

@Suite struct RedisTrafficTests {
    /// A script's integer is an answer, its error reply a rule's refusal; anything else means
    /// the script did not run as written. Redis answers in order, so no reply names a slot.
    @Test func repliesMapToOutcomesInOrder() throws {
        let traffic = RedisTraffic(mix: .quest(sha: "abc", player: 3))
        var replies = ByteBuffer(string: ":1050\r\n-INSUFFICIENT\r\n$2\r\nok\r\n:7")
        #expect(try traffic.readReply(from: &replies) == .answer(slot: nil, .answered))
        #expect(try traffic.readReply(from: &replies) == .answer(slot: nil, .refused))
        #expect(try traffic.readReply(from: &replies) == .answer(slot: nil, .failed))
        #expect(try traffic.readReply(from: &replies) == .incomplete)
        #expect(replies.readableBytes == 2)
    }

    @Test func questCallsTheScriptOnTheConnectionsOwnPlayer() throws {
        let traffic = RedisTraffic(mix: .quest(sha: "abc", player: 3))
        var random = BenchRandom(seed: 1)
        var command = ByteBuffer()
        #expect(traffic.writeRequest(slot: 0, random: &random, into: &command) == 0)
        let text = String(buffer: command)
        #expect(text.hasPrefix("*7\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n1\r\n$8\r\nplayer:3\r\n$1\r\n6\r\n$2\r\n10\r\n"))
    }

    /// Commands are encoded once at set-up; the seed still draws the same player for a grant
    /// and the same reward for a quest as one encoded per request would.
    @Test func commandsFollowTheSeed() {
        let grant = RedisTraffic(mix: .grant(sha: "g", players: 7))
        let quest = RedisTraffic(mix: .quest(sha: "q", player: 2))
        var random = BenchRandom(seed: 3)
        var expected = BenchRandom(seed: 3)
        for _ in 0..<20 {
            var command = ByteBuffer()
            _ = grant.writeRequest(slot: 0, random: &random, into: &command)
            var encoded = ByteBuffer()
            RESPValue.writeCommand(["EVALSHA", "g", "1", "player:\(expected.next() % 7)", "lumees", "1"], into: &encoded)
            #expect(command == encoded)

            command.clear()
            _ = quest.writeRequest(slot: 0, random: &random, into: &command)
            encoded.clear()
            RESPValue.writeCommand(["EVALSHA", "q", "1", "player:2", "6", "10", "\(40 + expected.next() % 21)"], into: &encoded)
            #expect(command == encoded)
        }
    }
}
