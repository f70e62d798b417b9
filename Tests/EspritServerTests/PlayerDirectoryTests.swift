@testable import EspritServer
import Testing

/// The directory's claims on names and ids, which registration takes before it commits on the
/// new player's shard.
@Suite struct PlayerDirectoryTests {
    @Test func aNameIsClaimedOnceThenTakenOnceRegistered() {
        let directory = PlayerDirectory()
        #expect(directory.claim("Ayla") == .claimed(id: 1))
        #expect(directory.claim("aYLA") == .contended)
        #expect(directory.exists(1))
        directory.registered("Ayla", lsn: 7)
        #expect(directory.claim("AYLA") == .taken(lsn: 7))
        #expect(directory.claim("Brann") == .claimed(id: 2))
    }

    @Test func aReleasedClaimFreesTheNameAndSkipsTheIdOnlyWhenALaterOneIsOut() {
        let directory = PlayerDirectory()
        #expect(directory.claim("Ayla") == .claimed(id: 1))
        #expect(directory.claim("Brann") == .claimed(id: 2))
        directory.release("Ayla", id: 1)
        #expect(!directory.exists(1))
        #expect(directory.exists(2))
        #expect(directory.claim("Ayla") == .claimed(id: 3))
        directory.release("Ayla", id: 3)
        #expect(!directory.exists(3))
        #expect(directory.claim("Cale") == .claimed(id: 3), "the newest id is given out again")
    }

    @Test func recoveryRetiresTheIdsNoRecoveredPlayerHas() {
        let directory = PlayerDirectory()
        directory.restore(id: 1, name: "Ayla", lsn: 1)
        directory.restore(id: 4, name: "Dara", lsn: 2)
        directory.recoveryFinished(playerCount: 2) { [1, 4].contains($0) }
        #expect(directory.exists(1))
        #expect(!directory.exists(2))
        #expect(!directory.exists(3))
        #expect(directory.exists(4))
        #expect(!directory.exists(5))
        #expect(directory.claim("Ayla") == .taken(lsn: 1))
        #expect(directory.claim("Esme") == .claimed(id: 5))
    }
}
