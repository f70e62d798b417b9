import ArgumentParser
import EspritClient
import EspritGame

/// `esprit collection`: your stacks with their names, the team and its power.
struct CollectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "collection", abstract: "Show your Esprits, team and team power.")
    @OptionGroup var player: PlayerOptions

    func run() async throws {
        try await reportingErrors {
            let client = try await player.loggedInClient()
            defer { Task { await client.close() } }
            let names = Dictionary(uniqueKeysWithValues: try await client.catalog().esprits.map { ($0.id, $0) })
            let collection = try await client.collection()
            for stack in collection.stacks {
                let entry = names[stack.baseId]
                let element = entry.flatMap { Element(rawValue: $0.element)?.name } ?? "?"
                print("\(stack.baseId)\t\(entry?.name ?? "?")\t\(element) t\(entry?.tier ?? 0)\t×\(stack.count)\t\(String(repeating: "★", count: Int(stack.stars)))")
            }
            print("leader      \(collection.leader == 0 ? "none" : "\(collection.leader) \(names[collection.leader]?.name ?? "")")")
            print("team        \(collection.team.map { names[$0]?.name ?? "\($0)" }.joined(separator: ", "))")
            print("team power  \(collection.teamPower)")
        }
    }
}

/// `esprit catalog`: every base Esprit, optionally filtered.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "List the base Esprits.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only this element.") var element: String?
    @Option(help: "Only this tier.") var tier: UInt8?

    func run() async throws {
        let wanted = try element.map { name -> Element in
            guard let parsed = Element(name: name) else { throw ValidationError("unknown element \(name)") }
            return parsed
        }
        try await reportingErrors {
            let client = try await connection.connect()
            defer { Task { await client.close() } }
            for esprit in try await client.catalog().esprits
            where (wanted == nil || esprit.element == wanted!.rawValue) && (tier == nil || esprit.tier == tier!) {
                print("\(esprit.id)\t\(esprit.name)\t\(Element(rawValue: esprit.element)?.name ?? "?")\tt\(esprit.tier)\tatk \(esprit.atk)\tdef \(esprit.def)\thp \(esprit.hp)")
            }
        }
    }
}
