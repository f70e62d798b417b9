import EspritFuzzing
import EspritProtocol
import Foundation
import NIOCore
import Testing

/// Replays the committed fuzz corpus (`fuzz/corpus`) through the request path: every input runs
/// without a trap, and every frame the server would send decodes as a well-formed server frame
/// whose error text stays within the protocol's bounds.
@Suite struct CorpusReplayTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fuzz/corpus")
    }

    @Test func everyCorpusInputIsAnsweredWithWellFormedFrames() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus, includingPropertiesForKeys: nil)
        #expect(files.count >= 50, "the committed corpus")
        var answered = 0
        var kinds: Set<String> = []
        for file in files {
            let input = Array(try Data(contentsOf: file))
            for var answer in RequestPathFuzzer.run(input) {
                guard let length = answer.readInteger(as: UInt32.self), Int(length) == answer.readableBytes else {
                    Issue.record("\(file.lastPathComponent): an answer's length prefix does not match its body")
                    continue
                }
                let frame = try ServerFrame.decode(body: answer, version: RequestPathFuzzer.version(of: input))
                answered += 1
                switch frame {
                case let .error(error):
                    kinds.insert("error")
                    #expect(error.error.message.utf8.count <= WireError.maxMessageBytes)
                case let .close(error):
                    kinds.insert("close")
                    #expect(error.message.utf8.count <= WireError.maxMessageBytes)
                case .response: kinds.insert("response")
                default: kinds.insert("other")
                }
            }
        }
        #expect(answered > files.count, "the corpus reaches past the framing")
        #expect(kinds.isSuperset(of: ["error", "close", "response"]), "the corpus reaches refusals, closes and rules that ran")
    }

    @Test func aLongBannerIsRefusedWithinBounds() throws {
        var body = ByteBuffer()
        body.writeInteger(UInt8(3))
        body.writeInteger(UInt32(1))
        body.writeInteger(Opcode.summon.rawValue)
        body.writeInteger(UInt16(0))
        body.writeInteger(UInt16(65_535))
        body.writeRepeatingByte(UInt8(ascii: "A"), count: 65_535)
        body.writeInteger(UInt8(1))
        var input: [UInt8] = [1, 0]
        input += withUnsafeBytes(of: UInt32(body.readableBytes).bigEndian, Array.init)
        input += Array(body.readableBytesView)
        let answers = RequestPathFuzzer.run(input)
        #expect(answers.count == 1)
        guard var answer = answers.first, answer.readInteger(as: UInt32.self) != nil, case let .error(error) = try ServerFrame.decode(body: answer) else {
            Issue.record("expected one ERROR")
            return
        }
        #expect(error.error.code == .notFound)
        #expect(error.error.message.utf8.count <= WireError.maxMessageBytes)
    }
}
