import EspritGame
import EspritTestSupport
import Foundation
import Testing

/// `esprit-server config print-default`, `config check` and `--config`, run as an operator would.
@Suite struct ConfigCommandTests {
    private let server = ServerProcess.binary

    @Test func printDefaultPrintsTheWholeEmbeddedConfig() throws {
        let run = try ToolRun.run(server, ["config", "print-default"])
        #expect(run.status == 0)
        #expect(try GameConfig.load(json: Data(run.output.utf8)) == GameConfig())
        #expect(run.output.contains("\"catalog\""))
    }

    @Test func checkAcceptsAValidFileAndNamesTheKeyOfAnInvalidOne() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let good = folder.path + "/good.json"
        let bad = folder.path + "/bad.json"
        try #"{"fusion": {"costBase": 150}}"#.write(toFile: good, atomically: true, encoding: .utf8)
        try #"{"summons": {"banners": [{"id": "x", "currency": "revies", "singleCost": -30, "tenCost": 270, "tierWeights": [{"tier": 1, "weight": 1}], "pityPulls": 50, "pityTier": 5, "tenPullMinTier": 3}]}}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)

        let accepted = try ToolRun.run(server, ["config", "check", good])
        #expect(accepted.status == 0)
        #expect(accepted.output.contains("valid"))
        let refused = try ToolRun.run(server, ["config", "check", bad])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("summons.banners[0].singleCost: must not be negative, got -30"))
    }

    @Test func anInvalidConfigStopsStartUpWithTheKeyPath() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let bad = folder.path + "/bad.json"
        try #"{"energy": {"regenSeconds": "soon"}}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        let run = try ToolRun.run(server, ["--port", "0", "--data-dir", folder.path + "/data", "--config", bad])
        #expect(run.status == 1)
        #expect(run.errors.contains("energy.regenSeconds: expected an integer"))
        let fromEnvironment = try ToolRun.run(server, ["--port", "0", "--data-dir", folder.path + "/data"], environment: ["ESPRIT_CONFIG": bad])
        #expect(fromEnvironment.status == 1)
        #expect(fromEnvironment.errors.contains("energy.regenSeconds"))
    }

    @Test func aMalformedEnvironmentSettingStopsStartUpWithItsName() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try ToolRun.run(server, ["--data-dir", folder.path], environment: ["ESPRIT_PORT": "seventy"])
        #expect(run.status == 1)
        #expect(run.errors.contains("ESPRIT_PORT: must be an integer from 0 to 65535, got \"seventy\""))
    }
}
