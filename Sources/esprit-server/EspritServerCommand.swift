import ArgumentParser

/// `esprit-server`: runs the game server (`serve`, the default) and checks game configs (`config`).
@main
struct EspritServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esprit-server",
        abstract: "The Esprit game server.",
        subcommands: [ServeCommand.self, ConfigCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
