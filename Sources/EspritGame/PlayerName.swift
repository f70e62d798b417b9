/// The rules for player names (GAME.md, "Players and accounts").
public enum PlayerName {
    /// Checks length and alphabet.
    ///
    /// - Throws: `GameError.validation(field: "name", …)` saying which rule failed.
    public static func validate(_ name: String, config: GameConfig) throws(GameError) {
        let count = name.unicodeScalars.count
        guard count >= config.players.nameMinLength, count <= config.players.nameMaxLength else {
            throw .validation(
                field: "name",
                reason: "must be \(config.players.nameMinLength)–\(config.players.nameMaxLength) characters, got \(count)"
            )
        }
        guard name.unicodeScalars.allSatisfy(isAllowed) else {
            throw .validation(field: "name", reason: "only letters A–Z, a–z, digits and _ are allowed")
        }
    }

    /// The key under which names are unique: "Ayla" and "ayla" are the same name.
    public static func uniquenessKey(_ name: String) -> String {
        name.lowercased()
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_": true
        default: false
        }
    }
}
