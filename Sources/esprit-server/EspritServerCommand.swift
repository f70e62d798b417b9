import ArgumentParser

/// `esprit-server`: runs the game server (`serve`, the default), checks game configs (`config`),
/// builds a data directory from a snapshot (`restore`) and describes one (`inspect`).
@main
struct EspritServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esprit-server",
        abstract: "The Esprit game server.",
        subcommands: [ServeCommand.self, ConfigCommand.self, RestoreCommand.self, InspectCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
