import EspritServer
import EspritStorage
import Testing

@Suite struct EnvironmentSettingsTests {
    let settings = EnvironmentSettings([
        "ESPRIT_PORT": "9000", "ESPRIT_SHARDS": "0", "ESPRIT_FORCE_RECOVERY": "yes",
        "ESPRIT_DURABILITY": "write", "ESPRIT_BAD_BOOL": "maybe", "ESPRIT_BAD_DURABILITY": "always",
    ])

    @Test func valuesParseAndAbsentOnesAreNil() throws {
        #expect(try settings.int("ESPRIT_PORT", in: 0...65_535) == 9_000)
        #expect(try settings.int("ESPRIT_MISSING", in: 0...1) == nil)
        #expect(try settings.bool("ESPRIT_FORCE_RECOVERY") == true)
        #expect(try settings.durability("ESPRIT_DURABILITY") == .write)
    }

    @Test func badValuesNameTheVariable() {
        #expect(throws: SettingError(name: "ESPRIT_SHARDS", reason: "must be an integer from 1 to 4096, got \"0\"")) {
            try settings.int("ESPRIT_SHARDS", in: 1...4_096)
        }
        #expect(throws: SettingError(name: "ESPRIT_BAD_BOOL", reason: "must be true or false, got \"maybe\"")) {
            try settings.bool("ESPRIT_BAD_BOOL")
        }
        #expect(throws: SettingError(name: "ESPRIT_BAD_DURABILITY", reason: "must be fsync, write or none, got \"always\"")) {
            try settings.durability("ESPRIT_BAD_DURABILITY")
        }
    }
}
