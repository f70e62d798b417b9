import EspritProtocol

/// `GET_COLLECTION`: the logged-in player's stacks, leader and team.
enum GetCollectionOperation: Operation {
    static let access = Access.player
    static let rateClass: RateClass? = .read

    static func run(_ message: GetCollectionRequest, _ call: RequestCall) {
        let rules = call.server.rules
        call.onPlayersShard { shard, playerId in
            ShardReply(shard.read(playerId) { PlayerReads.collection($0, rules: rules) }) { $0 }
        }
    }
}
