import EspritStorage

/// Server settings from `ESPRIT_*` environment variables, which sit between the command line
/// (stronger) and the built-in defaults (weaker). A value that does not parse stops start-up
/// with the variable's name, like a bad config key.
public struct EnvironmentSettings: Sendable {
    public let environment: [String: String]

    public init(_ environment: [String: String]) {
        self.environment = environment
    }

    public func string(_ name: String) -> String? {
        environment[name]
    }

    public func int(_ name: String, in range: ClosedRange<Int>) throws(SettingError) -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw SettingError(name: name, reason: "must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    public func bool(_ name: String) throws(SettingError) -> Bool? {
        guard let text = environment[name] else { return nil }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingError(name: name, reason: "must be true or false, got \"\(text)\"")
        }
    }

    public func durability(_ name: String) throws(SettingError) -> Durability? {
        guard let text = environment[name] else { return nil }
        guard let value = Durability(rawValue: text) else {
            throw SettingError(name: name, reason: "must be fsync, write or none, got \"\(text)\"")
        }
        return value
    }
}

/// A setting that cannot be used, named as the operator wrote it.
public struct SettingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}
