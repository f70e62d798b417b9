import Synchronization

/// Generates ids for commands and, when the client sent none, correlation ids.
///
/// A random prefix drawn at start-up plus a counter: unique across restarts without paying for a
/// UUID on every request.
final class CommandIds: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    init() {
        var generator = SystemRandomNumberGenerator()
        let random: UInt64 = generator.next()
        prefix = String(random & 0xFFFF_FFFF_FFFF, radix: 36)
    }

    func next() -> String {
        let value = counter.add(1, ordering: .relaxed).newValue
        return prefix + "-" + String(value, radix: 36)
    }
}
