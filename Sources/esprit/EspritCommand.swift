import ArgumentParser

/// `esprit`: the command-line client for players and operators.
@main
struct EspritCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esprit",
        abstract: "Command-line client for the Esprit game server.",
        subcommands: [RegisterCommand.self, ProfileCommand.self, AdminCommand.self]
    )
}
