/// A random source that always returns the same value: `.low` makes every `Double.random(in:
/// 0..<1)` draw 0 (every chance succeeds) and `.high` makes it draw just under 1 (every chance
/// fails), so a test can force an outcome. Neither value sends the standard library's bounded
/// integer draws into an endless rejection loop (a plain 0 would).
public struct ConstantRandom: RandomNumberGenerator, Sendable {
    public let value: UInt64

    public static let low = ConstantRandom(value: 2_047)
    public static let high = ConstantRandom(value: .max)

    public init(value: UInt64) {
        self.value = value
    }

    public mutating func next() -> UInt64 { value }
}
