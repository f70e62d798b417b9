import EspritGame
@testable import EspritStorage
import Testing

@Suite struct EventCodecTests {
    static let events = [
        GameEvent(
            playerId: 7, at: 1_795_219_200_000, correlationId: "c-1", causationId: "k-1",
            payload: .playerRegistered(PlayerRegistered(name: "Ayla", tokenHash: Array(repeating: 0xAB, count: 32), level: 1, xp: 0, energy: 50))
        ),
        GameEvent(
            playerId: 7, at: 1_795_219_200_001, correlationId: "c-1", causationId: "k-1",
            payload: .currencyChanged(CurrencyChanged(currency: .darkShards, delta: -5, balanceAfter: 1_000_000_000_000, reason: "admin_grant"))
        ),
    ]

    @Test func roundTrips() throws {
        #expect(try EventCodec.decode(EventCodec.encode(Self.events)) == Self.events)
    }

    @Test func everyTruncationIsAnError() {
        let bytes = EventCodec.encode(Self.events)
        for length in 0..<bytes.count {
            #expect(throws: EventCodecError.self) { try EventCodec.decode(Array(bytes.prefix(length))) }
        }
    }

    @Test func anUnknownEventKindIsAnError() {
        var bytes = EventCodec.encode(Self.events)
        bytes[2] = 0xEE
        #expect(throws: EventCodecError(offset: 2, reason: "unknown event kind 238")) { try EventCodec.decode(bytes) }
    }
}
