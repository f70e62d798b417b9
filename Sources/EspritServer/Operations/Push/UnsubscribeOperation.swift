import EspritProtocol

/// `UNSUBSCRIBE` (v2): no more pushes on this connection; events already on their way may
/// still arrive before the answer.
enum UnsubscribeOperation: Operation {
    static let access = Access.player
    static let rateClass: RateClass? = .read

    static func run(_ message: UnsubscribeRequest, _ call: RequestCall) {
        call.connection.endSubscription()
        call.answer(Result<UnsubscribeResponse, GameError>.success(UnsubscribeResponse()))
    }
}
