@testable import EspritProtocol
import NIOCore
import Testing

/// One layout, three writers: a `ByteBuffer`, a count of the bytes, and raw memory sized by the
/// count, which the server's `EVENT` frames are written into.
@Suite struct WireWriterTests {
    /// An event of every type, with characters of one to four UTF-8 bytes, an empty string and
    /// a list.
    static let events: [WireEvent] = [
        .playerRegistered(name: "Zoë 😀", level: 1, xp: 0, energy: 60),
        .currencyChanged(currency: 1, delta: -5, balanceAfter: Int64.max, reason: "admin_grant"),
        .espritAdded(baseId: 12, countAfter: 3, reason: ""),
        .espritRemoved(baseId: 4_000_000_000, countAfter: 0, reason: "fusion"),
        .espritFused(first: 1, second: 2, result: 3),
        .fusionFailed(first: 5, second: 6),
        .espritAwakened(baseId: 7, starsAfter: 5),
        .espritCrafted(baseId: 8, element: 2, tier: 18),
        .summonPerformed(banner: "standard", results: [3, 60, 61, 62, 63, 64, 65, 66, 67, 68], pityAfter: 9),
        .dailyClaimed(day: 20_000, streakAfter: 7, reward: "esprit", amount: 1, element: 255, baseId: 0),
        .questCompleted(zone: 3, xpGained: 40, xpAfter: 1_040, lumees: -1, captured: 0),
        .playerLeveledUp(levelAfter: 12, xpAfter: 9),
        .energyChanged(value: 59, asOf: 1_764_000_000_000, reason: "quest 中"),
        .buildingBuilt(type: "lumee_mine", asOf: 1),
        .buildingUpgraded(type: "lumee_mine", levelAfter: 2),
        .buildingCollected(type: "lumee_mine", amount: 10, asOfAfter: 2),
        .leaderChanged(baseId: 0),
    ]

    private func bufferBytes(of event: WireEvent) -> [UInt8] {
        var buffer = ByteBuffer()
        event.encodeFields(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    private func rawBytes(of event: WireEvent) -> [UInt8] {
        var counter = WireSizeCounter()
        event.encodeFields(into: &counter)
        return [UInt8](unsafeUninitializedCapacity: counter.count) { memory, initialized in
            var writer = RawWireWriter(start: UnsafeMutableRawPointer(memory.baseAddress!))
            event.encodeFields(into: &writer)
            initialized = counter.count
        }
    }

    @Test func everyEventTypeIsCovered() {
        #expect(Set(Self.events.map(\.type)) == Set(WireEvent.EventType.allCases))
    }

    @Test func theCountIsWhatTheBufferTakes() {
        for event in Self.events {
            var counter = WireSizeCounter()
            event.encodeFields(into: &counter)
            #expect(counter.count == bufferBytes(of: event).count, "\(event.type.name)")
        }
    }

    @Test func rawMemoryHoldsTheBuffersBytes() {
        for event in Self.events {
            #expect(rawBytes(of: event) == bufferBytes(of: event), "\(event.type.name)")
        }
    }

    /// A string past the u16 length is cut at the last whole character that fits, by every
    /// writer alike.
    @Test func anOverlongStringIsCutTheSameWayByEveryWriter() {
        let event = WireEvent.buildingBuilt(type: "a" + String(repeating: "é", count: 40_000), asOf: 1)
        let bytes = bufferBytes(of: event)
        #expect(bytes.count == 2 + 65_535 + 8, "one byte of a, then 32 767 whole é")
        #expect(rawBytes(of: event) == bytes)
    }

    /// The server's `EVENT` frames, written back to back into one buffer, are the codec's.
    @Test func pushFramesAreTheCodecsEventFrames() throws {
        var pushed = ByteBuffer()
        var framed = ByteBuffer()
        for (index, event) in Self.events.enumerated() {
            let lsn = UInt64(index) * 1_000_003
            EventPush.encodeFrame(of: event, lsn: lsn, into: &pushed)
            ServerFrame.event(EventPush(lsn: lsn, eventType: event.type.rawValue, data: bufferBytes(of: event)))
                .encode(into: &framed, version: ProtocolVersion.v2)
        }
        #expect(pushed == framed)
    }
}
