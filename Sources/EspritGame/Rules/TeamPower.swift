/// Team power (GAME.md, "Esprits"): derived, never stored, so it cannot disagree with the stacks.
public enum TeamPower {
    /// One member of the team: a copy of `baseId` and what it adds, leader bonus included.
    public struct Member: Equatable, Sendable {
        public var baseId: UInt32
        public var power: Double
    }

    /// The `teamSize` highest-power copies (a stack of 3 can fill 3 places; ties go to the lower
    /// base id), then +`leaderBonus` on each of the leader's element; listed strongest first,
    /// bonus included.
    public static func team(of player: PlayerState, rules: Ruleset) -> [Member] {
        let config = rules.config.power
        var candidates: [Member] = []
        for stack in player.esprits.stacks {
            guard let esprit = rules.esprit(stack.baseId) else { continue }
            let power = Double(esprit.basePower) * (1 + config.starBonus * Double(stack.stars))
            for _ in 0..<min(stack.count, Int64(config.teamSize)) {
                candidates.append(Member(baseId: stack.baseId, power: power))
            }
        }
        candidates.sort { $0.power != $1.power ? $0.power > $1.power : $0.baseId < $1.baseId }
        let leaderElement = player.leader.flatMap { rules.esprit($0)?.element }
        return candidates.prefix(config.teamSize).map { member in
            guard let leaderElement, rules.esprit(member.baseId)?.element == leaderElement else { return member }
            return Member(baseId: member.baseId, power: member.power * (1 + config.leaderBonus))
        }.sorted { $0.power != $1.power ? $0.power > $1.power : $0.baseId < $1.baseId }
    }

    /// The team's total power, rounded down.
    public static func of(_ player: PlayerState, rules: Ruleset) -> Int64 {
        total(team(of: player, rules: rules))
    }

    /// The total power of `team`, rounded down.
    public static func total(_ team: [Member]) -> Int64 {
        Int64(team.reduce(0) { $0 + $1.power }.rounded(.down))
    }
}
