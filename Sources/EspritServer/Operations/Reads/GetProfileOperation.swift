import EspritProtocol

/// `GET_PROFILE`: the logged-in player's profile, as of now.
enum GetProfileOperation: Operation {
    static let access = Access.player
    static let rateClass: RateClass? = .read

    static func run(_ message: GetProfileRequest, _ call: RequestCall) {
        let (now, rules) = (call.command.now, call.server.rules)
        call.onPlayersShard { shard, playerId in
            ShardReply(shard.read(playerId) { PlayerReads.profile($0, now: now, rules: rules) }) { $0 }
        }
    }
}
