import EspritGame
import EspritProtocol

/// What a request is answered with: the response or the error, and the LSN that must be
/// durable before the answer may leave (0 when it reflects nothing journaled).
struct ShardReply: Sendable {
    var result: Result<any WireMessage, GameError>
    var lsn: UInt64

    init<Response: WireMessage>(_ result: Result<Response, GameError>, lsn: UInt64) {
        self.result = result.map { $0 }
        self.lsn = lsn
    }

    init(failure error: GameError, lsn: UInt64) {
        self.result = .failure(error)
        self.lsn = lsn
    }

    /// The protocol's answer to a shard's that is already a response, after the same LSN.
    init<Response: WireMessage>(_ answer: ShardAnswer<Response>) {
        self.init(answer.result, lsn: answer.lsn)
    }

    /// The protocol's answer to a shard's: `response` of its value, after the same LSN.
    init<Value, Response: WireMessage>(_ answer: ShardAnswer<Value>, _ response: (Value) -> Response) {
        self.init(answer.result.map(response), lsn: answer.lsn)
    }
}
