import Foundation

/// Where the server reads the time: rules never read a clock themselves (DESIGN.md), and tests
/// substitute a fake one.
public struct WallClock: Sendable {
    /// Milliseconds since the Unix epoch.
    public var now: @Sendable () -> Int64

    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    public static let system = WallClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
