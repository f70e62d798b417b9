import ArgumentParser
import EspritGame
import Foundation

/// `esprit-server config …`: the game config without starting a server.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print or check game configs.",
        subcommands: [PrintDefault.self, Check.self]
    )

    /// `config print-default`: the whole embedded config, every key, as a config file holds it.
    struct PrintDefault: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print-default",
            abstract: "Print the embedded game config as JSON; any subset of it makes a config file."
        )

        func run() {
            print(GameConfig().printed())
        }
    }

    /// `config check FILE`: exit 0 and say so when valid, exit 1 with the key path and reason when not.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a game config file.")

        @Argument(help: "The JSON config file.")
        var file: String

        func run() throws {
            do {
                let config = try GameConfigFile.load(file)
                print("\(file): valid (\(config.catalog.count) Esprits, \(config.summons.banners.count) banners, \(config.buildings.count) buildings)")
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
