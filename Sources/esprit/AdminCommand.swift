import ArgumentParser
import EspritClient
import EspritGame

/// `esprit admin …`: operator commands, authenticated by the server's admin key.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Operator commands (need the server's admin key).",
        subcommands: [GrantCommand.self, LedgerCommand.self, ServicesCommand.self, ExportCommand.self, BackupCommand.self]
    )
}

/// `--admin-key`, falling back to `$ESPRIT_ADMIN_KEY`.
struct AdminOptions: ParsableArguments {
    @Option(help: "The server's admin key (default: $ESPRIT_ADMIN_KEY).")
    var adminKey: String?

    func resolvedKey() throws -> String {
        guard let key = optionOrEnvironment(adminKey, "ESPRIT_ADMIN_KEY") else {
            throw ValidationError("give --admin-key or set ESPRIT_ADMIN_KEY")
        }
        return key
    }

    /// Connects, logs in as admin, runs `body`, and reports a server error the way every
    /// command does.
    func withAdminClient(_ connection: ConnectionOptions, _ body: (EspritClient) async throws -> Void) async throws {
        let key = try resolvedKey()
        try await reportingErrors {
            let client = try await connection.connect()
            defer { Task { await client.close() } }
            try await client.adminLogin(key: key)
            try await body(client)
        }
    }
}

/// `esprit admin grant PLAYER CURRENCY AMOUNT`.
struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Add currency to a player's balance.",
        discussion: "CURRENCY is one of: \(Currency.allCases.map(\.name).joined(separator: ", "))."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var admin: AdminOptions

    @Argument(help: "Player id.")
    var player: UInt64

    @Argument(help: "Currency name, such as lumees or shards.fire.")
    var currency: String

    @Argument(help: "Amount to add (positive).")
    var amount: Int64

    func run() async throws {
        guard let currency = Currency(name: currency) else {
            throw ValidationError("unknown currency \(self.currency); use one of \(Currency.allCases.map(\.name).joined(separator: ", "))")
        }
        try await admin.withAdminClient(connection) { client in
            let granted = try await client.grant(playerId: player, currency: currency.rawValue, amount: amount)
            print("player \(granted.playerId) \(currency.name) balance \(granted.balance)")
        }
    }
}

/// `esprit admin ledger PLAYER [--limit N]`: the player's currency changes, newest first.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Show a player's ledger, newest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var admin: AdminOptions

    @Argument(help: "Player id.")
    var player: UInt64

    @Option(help: "At most this many entries (1–10000).")
    var limit: UInt32 = 20

    func run() async throws {
        try await admin.withAdminClient(connection) { client in
            for entry in try await client.ledger(playerId: player, limit: limit) {
                let delta = entry.delta >= 0 ? "+\(entry.delta)" : "\(entry.delta)"
                print("\(entry.lsn)\t\(Timestamp.text(entry.at))\t\(EventText.currencyName(entry.currency))\t\(delta)\t→ \(entry.balanceAfter)\t\(entry.reason)\t\(entry.correlationId)")
            }
        }
    }
}
