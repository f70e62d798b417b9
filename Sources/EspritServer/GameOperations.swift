import EspritGame
import EspritProtocol

/// The player operations that run a game rule (`QUEST` … `COLLECT`), as the registry's
/// ``GameRuleOperation``s bind them: which rule a request runs, with which arguments. The
/// connection hands the rule to the player's shard, which journals its outcome; the fuzzer
/// (`EspritFuzzing`) runs it on a player in memory. One table for both, so the fuzzer
/// exercises exactly what clients reach.
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

    public static func outcome(of request: any WireRequest, command: CommandContext) -> Outcome {
        let opcode = type(of: request).opcode
        guard let operation = OperationRegistry.operation(for: opcode) as? any GameRuleOperation.Type,
            let bound = operation.boundRule(for: request, command: command)
        else { return .notARule }
        switch bound {
        case let .success(rule): return .rule(opcode, rule)
        case let .failure(error): return .refused(error)
        }
    }
}

extension GameRuleOperation {
    /// The rule `request` binds, when it is this operation's.
    static func boundRule(for request: any WireRequest, command: CommandContext) -> Result<GameOperations.BoundRule, GameError>? {
        (request as? Message).map { rule(for: $0, command: command) }
    }
}
