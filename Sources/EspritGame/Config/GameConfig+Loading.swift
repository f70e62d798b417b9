import Foundation

extension GameConfig {
    /// Reads a JSON config: any subset of the keys of ``printedDefault()``, each overriding the
    /// embedded default. Objects merge key by key; arrays (banners, tables, the catalog) replace
    /// the default array whole.
    ///
    /// - Throws: ``ConfigError`` naming the key: malformed JSON, an unknown key, a value of the
    ///   wrong type, or a value ``validate()`` refuses.
    public static func load(json data: Data) throws(ConfigError) -> GameConfig {
        let override: Any
        do {
            override = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigError(path: "", reason: "not valid JSON: \(error.localizedDescription)")
        }
        guard override is [String: Any] else {
            throw ConfigError(path: "", reason: "the top level must be a JSON object")
        }
        let defaults = try! JSONSerialization.jsonObject(with: JSONEncoder().encode(GameConfig()))
        let merged = try merge(defaults, override, path: "")
        let config: GameConfig
        do {
            config = try JSONDecoder().decode(GameConfig.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            throw ConfigError(decoding: error)
        } catch {
            throw ConfigError(path: "", reason: "\(error)")
        }
        try config.validate()
        return config
    }

    /// The config as the JSON a config file holds: every key, sorted, indented.
    public func printed() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    private static func merge(_ base: Any, _ override: Any, path: String) throws(ConfigError) -> Any {
        if let base = base as? [String: Any], let override = override as? [String: Any] {
            var merged = base
            for (key, value) in override {
                guard let baseValue = base[key] else {
                    throw ConfigError(path: join(path, key), reason: "unknown key")
                }
                merged[key] = try merge(baseValue, value, path: join(path, key))
            }
            return merged
        }
        if let base = base as? [Any], let override = override as? [Any] {
            let template = base.compactMap { $0 as? [String: Any] }.reduce(into: [String: Any]()) { $0.merge($1) { old, _ in old } }
            if !template.isEmpty {
                for (index, element) in override.enumerated() {
                    try rejectUnknownKeys(element, template: template, path: "\(path)[\(index)]")
                }
            }
            return override
        }
        return override
    }

    /// Array elements replace the defaults whole, but their keys must still be known ones.
    private static func rejectUnknownKeys(_ value: Any, template: Any, path: String) throws(ConfigError) {
        if let object = value as? [String: Any], let template = template as? [String: Any] {
            for (key, nested) in object {
                guard let nestedTemplate = template[key] else {
                    throw ConfigError(path: join(path, key), reason: "unknown key")
                }
                try rejectUnknownKeys(nested, template: nestedTemplate, path: join(path, key))
            }
        } else if let array = value as? [Any], let template = template as? [Any], let first = template.first {
            for (index, element) in array.enumerated() {
                try rejectUnknownKeys(element, template: first, path: "\(path)[\(index)]")
            }
        }
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}

extension ConfigError {
    /// The decoder's error, with its coding path as a key path.
    init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce("") { path, key in
                if let index = key.intValue { return path + "[\(index)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        switch error {
        case let .typeMismatch(type, context):
            self.init(path: path(context.codingPath), reason: "expected \(Self.describe(type))")
        case let .valueNotFound(type, context):
            self.init(path: path(context.codingPath), reason: "expected \(Self.describe(type)), found null")
        case let .keyNotFound(key, context):
            self.init(path: path(context.codingPath + [key]), reason: "missing key")
        case let .dataCorrupted(context):
            self.init(path: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self.init(path: "", reason: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type: "a number"
        case is Int.Type, is Int64.Type, is UInt32.Type: "an integer"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
