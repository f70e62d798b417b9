import EspritProtocol

/// Lets an idempotency key through only to an operation that commits one player's change
/// (``Operation/takesIdempotencyKey``): a key on anything else would promise a protection the
/// server does not give (a retried `REGISTER` would still register twice), so it is refused,
/// `VALIDATION(field "idempotencyKey")`, before anything runs.
///
/// The key itself is checked and kept by the player's shard, in the turn that commits the
/// change (``Shard/play(_:_:claim:answer:)``): a link sees the request before the shard and
/// the answer after it, never the commit between, so it cannot make the two atomic.
///
/// It runs before the rate limit: a refused key takes no token.
struct IdempotencyKeys: RequestLink {
    func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict {
        guard call.idempotencyKey != nil, !operation.takesIdempotencyKey else { return .proceed }
        return .refused(GameError.validation(
            field: "idempotencyKey",
            reason: "\(operation.name) takes no idempotency key: keys go with QUEST … COLLECT and ADMIN_GRANT"
        ).wireError)
    }
}
