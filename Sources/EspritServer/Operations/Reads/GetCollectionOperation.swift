import EspritProtocol

/// `GET_COLLECTION`: the logged-in player's stacks, leader and team.
enum GetCollectionOperation: Operation {
    static let opcode = Opcode.getCollection
    static let access = Access.player

    static func message(in request: Request) -> EmptyRequest? {
        if case let .getCollection(message) = request { message } else { nil }
    }

    static func run(_ message: EmptyRequest, _ call: RequestCall) {
        let rules = call.server.rules
        call.onPlayersShard { shard, playerId in
            ShardReply(shard.read(playerId) { PlayerReads.collection($0, rules: rules) }) { .getCollection($0) }
        }
    }
}
