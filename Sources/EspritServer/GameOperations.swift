import EspritGame
import EspritProtocol

/// The player operations that run a game rule (`QUEST` … `COLLECT`): which rule a request
/// runs, with which arguments. The connection hands the result to the player's shard, which
/// journals and applies the events; the fuzzer (`EspritFuzzing`) applies them to a player in
/// memory. One table for both, so the fuzzer exercises exactly what clients reach.
public enum GameOperations {
    /// A rule bound to its request: the player's state, the config and a random source in,
    /// the changed player and its events out (or the rule's refusal).
    public typealias BoundRule = @Sendable (PlayerState, Ruleset, inout GameRandom) throws(GameError) -> RuleOutcome

    /// What `request` does.
    public enum Outcome: Sendable {
        /// Runs `rule` for the logged-in player and answers with its events under `opcode`.
        case rule(Opcode, BoundRule)
        /// Refused before any rule runs: a field the rules cannot take.
        case refused(GameError)
        /// Not a game rule (a read, a login, an admin operation).
        case notARule
    }

    public static func outcome(of request: Request, command: CommandContext) -> Outcome {
        switch request {
        case let .quest(request):
            .rule(.quest) { player, rules, random throws(GameError) in
                try QuestRule.run(player: player, zone: Int(request.zone), context: command, rules: rules, random: &random)
            }
        case let .fuse(request):
            .rule(.fuse) { player, rules, random throws(GameError) in
                try FuseRule.run(player: player, first: request.first, second: request.second, context: command, rules: rules, random: &random)
            }
        case let .awaken(request):
            .rule(.awaken) { player, rules, _ throws(GameError) in
                try AwakenRule.run(player: player, baseId: request.baseId, context: command, rules: rules)
            }
        case let .craft(request):
            if let element = Element(rawValue: request.element) {
                .rule(.craft) { player, rules, random throws(GameError) in
                    try CraftRule.run(player: player, element: element, tier: Int(request.tier), context: command, rules: rules, random: &random)
                }
            } else {
                .refused(.validation(field: "element", reason: "unknown element code \(request.element)"))
            }
        case let .summon(request):
            .rule(.summon) { player, rules, random throws(GameError) in
                try SummonRule.run(player: player, banner: request.banner, pulls: Int(request.pulls), context: command, rules: rules, random: &random)
            }
        case .claimDaily:
            .rule(.claimDaily) { player, rules, random throws(GameError) in
                try DailyRule.run(player: player, context: command, rules: rules, random: &random)
            }
        case let .setLeader(request):
            .rule(.setLeader) { player, rules, _ throws(GameError) in
                try LeaderRule.run(player: player, baseId: request.baseId, context: command, rules: rules)
            }
        case let .build(request):
            .rule(.build) { player, rules, _ throws(GameError) in
                try BuildingRules.build(player: player, type: request.type, context: command, rules: rules)
            }
        case let .upgrade(request):
            .rule(.upgrade) { player, rules, _ throws(GameError) in
                try BuildingRules.upgrade(player: player, type: request.type, context: command, rules: rules)
            }
        case let .collect(request):
            .rule(.collect) { player, rules, _ throws(GameError) in
                try BuildingRules.collect(player: player, type: request.type, context: command, rules: rules)
            }
        case .register, .login, .getProfile, .getCollection, .getCatalog, .getTables, .adminLogin, .adminGrant, .adminLedger,
            .adminServices, .adminExport, .adminBackup:
            .notARule
        }
    }
}
