/// What a rule decided: the player as the rule leaves them, and the events that made them so.
///
/// The server keeps `player` as the new state (the rule already applied every event through
/// ``PlayerState/apply(_:)``, the function replay uses) and journals `events`: replaying them
/// on the state before the rule rebuilds `player` exactly.
public struct RuleOutcome: Sendable {
    public var player: PlayerState
    /// In the order they happened; empty when the rule changed nothing.
    public var events: [GameEvent]

    public init(player: PlayerState, events: [GameEvent]) {
        self.player = player
        self.events = events
    }
}
