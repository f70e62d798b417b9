import ArgumentParser

/// `esprit`: the command-line client for players and operators.
@main
struct EspritCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esprit",
        abstract: "Command-line client for the Esprit game server.",
        subcommands: [
            RegisterCommand.self, ProfileCommand.self, CollectionCommand.self, CatalogCommand.self, TablesCommand.self,
            QuestCommand.self, FuseCommand.self, AwakenCommand.self, CraftCommand.self, SummonCommand.self,
            DailyCommand.self, LeaderCommand.self, BuildCommand.self, UpgradeCommand.self, CollectCommand.self,
            AdminCommand.self,
        ]
    )
}
