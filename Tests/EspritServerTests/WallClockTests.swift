import EspritClient
import EspritProtocol
import EspritServer
import Synchronization
import Testing

@Suite struct WallClockTests {
    @Test func timeNeverGoesBackwardNorBelowTheFloor() {
        let readings = Mutex<[Int64]>([500, 2_000, 1_000, 3_000, 2_500])
        let machine = WallClock { readings.withLock { $0.removeFirst() } }
        let clock = WallClock.neverBackward(machine, floor: 1_500)
        #expect((0..<5).map { _ in clock.now() } == [1_500, 2_000, 2_000, 3_000, 3_000])
    }
}

/// The machine's clock set back a day, while running and across a restart: no second daily
/// claim, and the profile's times do not move back.
@Suite struct ClockSetBackTests {
    @Test func aClockSetBackBuysNoSecondDailyClaim() async throws {
        let day: Int64 = 86_400_000
        let clock = ManualClock(20_000 * day + day / 2)
        let server = try await TestServer.start(clock: clock.wallClock)
        let client = try await server.client()
        let registered = try await client.register(name: "Timeless")
        _ = try await client.login(playerId: registered.playerId, token: registered.token)
        _ = try await client.claimDaily()
        clock.set(19_999 * day + day / 2)
        do {
            _ = try await client.claimDaily()
            Issue.record("a second claim after the clock went back a day must be refused")
        } catch let error as EspritClientError {
            #expect(error.wireError?.details == .alreadyClaimed(nextResetAt: 20_001 * day))
        }
        await client.close()
        try await server.stop()

        let restarted = try await TestServer.start(folder: server.folder, clock: clock.wallClock)
        let again = try await restarted.client()
        _ = try await again.login(playerId: registered.playerId, token: registered.token)
        do {
            _ = try await again.claimDaily()
            Issue.record("a claim on a day before the last claimed one must be refused")
        } catch let error as EspritClientError {
            #expect(error.wireError?.details == .alreadyClaimed(nextResetAt: 20_001 * day))
        }
        let profile = try await again.profile()
        #expect(profile.dailyClaimed || profile.nextDailyResetAt >= 20_001 * day)
        await again.close()
        try await restarted.stopAndRemove()
    }
}
