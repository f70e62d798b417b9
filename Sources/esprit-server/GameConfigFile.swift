import EspritGame
import Foundation

/// Reading a game config file, with the file's name in every error.
enum GameConfigFile {
    static func load(_ path: String) throws -> GameConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GameConfigFileError(path: path, reason: "cannot read the file")
        }
        do {
            return try GameConfig.load(json: data)
        } catch {
            throw GameConfigFileError(path: path, reason: error.description)
        }
    }
}

struct GameConfigFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    var description: String { "\(path): \(reason)" }
}
