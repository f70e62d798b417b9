/// Why a config cannot be used, with the key path (`summons.banners[0].tierWeights[2].weight`)
/// so the operator knows which line to fix.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The offending key, dotted, with `[index]` for array elements; empty for the whole file.
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        path.isEmpty ? "config: \(reason)" : "config: \(path): \(reason)"
    }
}
