import ArgumentParser

/// `esprit-server`: runs the game server; later subcommands (config, restore, inspect) join `serve`.
@main
struct EspritServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esprit-server",
        abstract: "The Esprit game server.",
        subcommands: [ServeCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
