@testable import esprit_bench
import NIOCore
import Testing

@Suite struct RESPValueTests {
    private func buffer(_ text: String) -> ByteBuffer {
        ByteBuffer(string: text)
    }

    @Test func everyReplyTypeParses() throws {
        var replies = buffer("+PONG\r\n-ERR no script\r\n:-42\r\n$5\r\nab\r\nc\r\n$-1\r\n*2\r\n:1\r\n$1\r\nx\r\n*-1\r\n")
        #expect(try RESPValue.read(from: &replies) == .simple("PONG"))
        #expect(try RESPValue.read(from: &replies) == .error("ERR no script"))
        #expect(try RESPValue.read(from: &replies) == .integer(-42))
        #expect(try RESPValue.read(from: &replies) == .bulk(Array("ab\r\nc".utf8)), "a bulk string may hold CR LF")
        #expect(try RESPValue.read(from: &replies) == .bulk(nil))
        #expect(try RESPValue.read(from: &replies) == .array([.integer(1), .bulk(Array("x".utf8))]))
        #expect(try RESPValue.read(from: &replies) == .array(nil))
        #expect(replies.readableBytes == 0)
    }

    /// A reply cut anywhere is not a reply yet, and nothing of it is consumed.
    @Test func aPartialReplyConsumesNothing() throws {
        let whole = "*2\r\n:12345\r\n$3\r\nabc\r\n"
        for length in 0..<whole.utf8.count {
            var partial = buffer(String(whole.utf8.prefix(length))!)
            #expect(try RESPValue.read(from: &partial) == nil, "prefix of \(length) bytes")
            #expect(partial.readableBytes == length)
        }
        var complete = buffer(whole)
        #expect(try RESPValue.read(from: &complete) == .array([.integer(12_345), .bulk(Array("abc".utf8))]))
    }

    @Test func anUnknownTypeIsAnError() {
        var garbage = buffer("?what\r\n")
        #expect(throws: RESPError.self) { try RESPValue.read(from: &garbage) }
    }

    @Test func commandsAreArraysOfBulkStrings() {
        var encoded = ByteBuffer()
        RESPValue.writeCommand(["EVALSHA", "abc", "1", "player:7", "é"], into: &encoded)
        #expect(encoded.readString(length: encoded.readableBytes) == "*5\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n1\r\n$8\r\nplayer:7\r\n$2\r\né\r\n")
    }
}
