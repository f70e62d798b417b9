import ArgumentParser
import EspritClient

/// `esprit register NAME`: creates a player and prints its id and token (shown only once).
struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Create a player; prints ESPRIT_PLAYER and ESPRIT_TOKEN lines to keep."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "3–20 characters of A–Z, a–z, 0–9 and _.")
    var name: String

    func run() async throws {
        try await reportingErrors {
            let client = try await connection.connect()
            defer { Task { await client.close() } }
            let registered = try await client.register(name: name)
            print("ESPRIT_PLAYER=\(registered.playerId)")
            print("ESPRIT_TOKEN=\(Hex.encode(registered.token))")
        }
    }
}
