import ArgumentParser
import EspritClient
import EspritGame
import EspritProtocol

/// Logs in, runs one game operation, and prints the events it caused.
private func play(_ player: PlayerOptions, _ operation: (EspritClient) async throws -> [WireEvent]) async throws {
    try await reportingErrors {
        let client = try await player.loggedInClient()
        defer { Task { await client.close() } }
        for event in try await operation(client) {
            print(EventText.line(event))
        }
    }
}

struct QuestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quest", abstract: "Run a quest in a zone.")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "Zone, 1–20.") var zone: UInt16

    func run() async throws {
        try await play(player) { try await $0.quest(zone: zone) }
    }
}

struct FuseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fuse", abstract: "Fuse two Esprits of one tier.")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "First base Esprit id.") var first: UInt32
    @Argument(help: "Second base Esprit id (the same id needs two copies).") var second: UInt32

    func run() async throws {
        try await play(player) { try await $0.fuse(first: first, second: second) }
    }
}

struct AwakenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "awaken", abstract: "Add a star to a stack.")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "Base Esprit id.") var baseId: UInt32

    func run() async throws {
        try await play(player) { try await $0.awaken(baseId: baseId) }
    }
}

struct CraftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "craft", abstract: "Turn shards into an Esprit.")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "Element: fire, water, earth, wind, light or dark.") var element: String
    @Argument(help: "Tier, 1–6.") var tier: UInt8

    func run() async throws {
        guard let parsed = Element(name: element) else { throw ValidationError("unknown element \(element)") }
        try await play(player) { try await $0.craft(element: parsed.rawValue, tier: tier) }
    }
}

struct SummonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summon", abstract: "Pull on a banner.")
    @OptionGroup var player: PlayerOptions
    @Option(help: "Banner id.") var banner = "standard"
    @Flag(help: "Ten pulls at once.") var ten = false

    func run() async throws {
        try await play(player) { try await $0.summon(banner: banner, pulls: ten ? 10 : 1) }
    }
}

struct DailyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "daily", abstract: "Claim today's daily echo.")
    @OptionGroup var player: PlayerOptions

    func run() async throws {
        try await play(player) { try await $0.claimDaily() }
    }
}

struct LeaderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "leader", abstract: "Set your leader.")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "Base Esprit id of one of your stacks.") var baseId: UInt32

    func run() async throws {
        try await play(player) { try await $0.setLeader(baseId: baseId) }
    }
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build a building (lumee_mine, revie_shrine).")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "Building type.") var type: String

    func run() async throws {
        try await play(player) { try await $0.build(type: type) }
    }
}

struct UpgradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upgrade", abstract: "Upgrade a building (collects first).")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "Building type.") var type: String

    func run() async throws {
        try await play(player) { try await $0.upgrade(type: type) }
    }
}

struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "collect", abstract: "Collect what a building produced.")
    @OptionGroup var player: PlayerOptions
    @Argument(help: "Building type.") var type: String

    func run() async throws {
        try await play(player) { try await $0.collect(type: type) }
    }
}
