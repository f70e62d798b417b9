import ArgumentParser
import EspritClient

/// `--player` and `--token`, falling back to `$ESPRIT_PLAYER` and `$ESPRIT_TOKEN` (what
/// `esprit register` prints).
struct PlayerOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Player id (default: $ESPRIT_PLAYER).")
    var player: String?

    @Option(help: "Token in hex (default: $ESPRIT_TOKEN).")
    var token: String?

    /// Connects and logs in.
    func loggedInClient() async throws -> EspritClient {
        guard let playerText = optionOrEnvironment(player, "ESPRIT_PLAYER"), let playerId = UInt64(playerText) else {
            throw ValidationError("give --player ID or set ESPRIT_PLAYER to a player id")
        }
        guard let tokenText = optionOrEnvironment(token, "ESPRIT_TOKEN"), let tokenBytes = Hex.decode(tokenText) else {
            throw ValidationError("give --token HEX or set ESPRIT_TOKEN to the token printed by register")
        }
        let client = try await connection.connect()
        _ = try await client.login(playerId: playerId, token: tokenBytes)
        return client
    }
}
