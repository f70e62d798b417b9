import ArgumentParser
import EspritClient
import Foundation

/// `--host` and `--port`, shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Server address.")
    var host = "127.0.0.1"

    @Option(help: "Server port.")
    var port = 7777

    func connect() async throws -> EspritClient {
        try await EspritClient.connect(host: host, port: port, clientName: "esprit-cli/1")
    }
}

/// Runs `body`; a server error is printed as code, message and details, and the command exits 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as EspritClientError {
        var lines = ["error: \(error.description)"]
        if let wire = error.wireError {
            lines = ["error: \(wire.code.name) (\(wire.code.rawValue)): \(wire.message)"]
            lines += wire.details.fields.map { "  \($0.name): \($0.value)" }
            if case .closedByServer = error { lines.append("  (the server closed the connection)") }
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        throw ExitCode(1)
    }
}

/// Reads an option, falling back to an environment variable.
func optionOrEnvironment(_ value: String?, _ variable: String) -> String? {
    value ?? ProcessInfo.processInfo.environment[variable]
}
