import ArgumentParser
import EspritClient
import EspritGame

/// `esprit profile`: logs in and prints the player's profile.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profile", abstract: "Show your player's profile.")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Player id (default: $ESPRIT_PLAYER).")
    var player: String?

    @Option(help: "Token in hex (default: $ESPRIT_TOKEN).")
    var token: String?

    func run() async throws {
        guard let playerText = optionOrEnvironment(player, "ESPRIT_PLAYER"), let playerId = UInt64(playerText) else {
            throw ValidationError("give --player ID or set ESPRIT_PLAYER to a player id")
        }
        guard let tokenText = optionOrEnvironment(token, "ESPRIT_TOKEN"), let tokenBytes = Hex.decode(tokenText) else {
            throw ValidationError("give --token HEX or set ESPRIT_TOKEN to the token printed by register")
        }
        try await reportingErrors {
            let client = try await connection.connect()
            defer { Task { await client.close() } }
            _ = try await client.login(playerId: playerId, token: tokenBytes)
            let profile = try await client.profile()
            print("player   \(profile.playerId) \(profile.name)")
            print("level    \(profile.level) (xp \(profile.xp))")
            print("energy   \(profile.energy)/\(profile.maxEnergy)")
            for balance in profile.balances {
                let name = Currency(rawValue: balance.currency)?.name ?? "currency \(balance.currency)"
                print("\(name.padding(toLength: 13, withPad: " ", startingAt: 0))\(balance.amount)")
            }
        }
    }
}
