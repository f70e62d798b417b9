/// The copies a player holds of one base Esprit (GAME.md, "Esprits").
public struct EspritStack: Equatable, Sendable {
    public var baseId: UInt32
    /// 1 … `esprits.maxCount`; a stack whose count reaches 0 disappears, with its stars.
    public var count: Int64
    /// 0 … `esprits.maxStars`.
    public var stars: Int

    public init(baseId: UInt32, count: Int64, stars: Int) {
        self.baseId = baseId
        self.count = count
        self.stars = stars
    }
}

/// A player's stacks, kept sorted by base id in one array: compact (no hash table per player)
/// and found by binary search.
public struct EspritCollection: Equatable, Sendable {
    public private(set) var stacks: [EspritStack] = []

    public init() {}

    public var count: Int { stacks.count }

    public subscript(baseId: UInt32) -> EspritStack? {
        let index = position(of: baseId)
        return index < stacks.count && stacks[index].baseId == baseId ? stacks[index] : nil
    }

    /// Sets a stack's count and stars; a count of 0 removes the stack.
    public mutating func set(baseId: UInt32, count: Int64, stars: Int) {
        let index = position(of: baseId)
        let exists = index < stacks.count && stacks[index].baseId == baseId
        switch (exists, count > 0) {
        case (true, true): stacks[index] = EspritStack(baseId: baseId, count: count, stars: stars)
        case (true, false): stacks.remove(at: index)
        case (false, true): stacks.insert(EspritStack(baseId: baseId, count: count, stars: stars), at: index)
        case (false, false): break
        }
    }

    /// The index of `baseId`, or where it would be inserted.
    private func position(of baseId: UInt32) -> Int {
        var low = 0
        var high = stacks.count
        while low < high {
            let middle = (low + high) / 2
            if stacks[middle].baseId < baseId { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
