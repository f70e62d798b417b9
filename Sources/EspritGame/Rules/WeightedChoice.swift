/// Draws from a table of non-negative integer weights with a positive sum.
enum WeightedChoice {
    static func pick<Item>(_ items: [Item], weight: (Item) -> Int, using random: inout some RandomNumberGenerator) -> Item {
        let total = items.reduce(0) { $0 + weight($1) }
        precondition(total > 0, "weights must sum to more than 0")
        var ticket = Int.random(in: 0..<total, using: &random)
        for item in items {
            ticket -= weight(item)
            if ticket < 0 { return item }
        }
        preconditionFailure("unreachable: the ticket is below the total")
    }
}
