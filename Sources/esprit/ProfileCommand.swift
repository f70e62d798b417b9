import ArgumentParser
import EspritClient
import EspritGame

/// `esprit profile`: logs in and prints the player's profile.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profile", abstract: "Show your player's profile.")

    @OptionGroup var player: PlayerOptions

    func run() async throws {
        try await reportingErrors {
            let client = try await player.loggedInClient()
            defer { Task { await client.close() } }
            let profile = try await client.profile()
            print("player       \(profile.playerId) \(profile.name)")
            print("level        \(profile.level) (xp \(profile.xp) of \(profile.xpToNext))")
            print("energy       \(profile.energy)/\(profile.maxEnergy)" + (profile.nextEnergyAt == 0 ? "" : ", next point at \(Timestamp.text(profile.nextEnergyAt))"))
            print("team power   \(profile.teamPower)" + (profile.leader == 0 ? "" : ", leader \(profile.leader)"))
            print("daily echo   \(profile.dailyClaimed ? "claimed" : "ready"), streak \(profile.dailyStreak), resets at \(Timestamp.text(profile.nextDailyResetAt))")
            for balance in profile.balances {
                print(EventText.currencyName(balance.currency).padding(toLength: 13, withPad: " ", startingAt: 0) + "\(balance.amount)")
            }
            for building in profile.buildings {
                print("\(building.type) level \(building.level): \(building.stored)/\(building.capacity) stored")
            }
        }
    }
}
