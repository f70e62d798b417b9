import EspritGame
import EspritProtocol
@testable import EspritServer
import NIOCore
import Testing

/// A subscriber's queued pushes leave by LSN, a commit's frames together and in order,
/// whichever batches they came in.
@Suite struct PushQueueTests {
    static func events(_ count: Int) -> [GameEvent] {
        (0..<count).map { GameEvent(playerId: 7, at: 42, correlationId: "c", causationId: "k", payload: .leaderChanged(LeaderChanged(baseId: UInt32($0 + 1)))) }
    }

    /// The `EVENT` frames of `count` leader changes committed at `lsn`.
    static func frames(_ count: Int, lsn: UInt64) -> ByteBuffer {
        var frames = ByteBuffer()
        for event in events(count) {
            EventPush.encodeFrame(of: event.wireEvent, lsn: lsn, into: &frames)
        }
        return frames
    }

    /// A batch of one commit per `(count, lsn)`, as ``frames(_:lsn:)`` encodes it.
    static func batch(_ commits: [(count: Int, lsn: UInt64)]) -> PushBatch {
        var frames = ByteBuffer()
        var sizes: [(lsn: UInt64, bytes: Int)] = []
        for commit in commits {
            var one = Self.frames(commit.count, lsn: commit.lsn)
            sizes.append((commit.lsn, one.readableBytes))
            frames.writeBuffer(&one)
        }
        return PushBatch(frames: frames, commits: sizes[...])
    }

    /// The LSNs and leader ids of the `EVENT` frames in `frames`.
    static func pushes(in frames: ByteBuffer) throws -> [(lsn: UInt64, leader: UInt32)] {
        var frames = frames
        var pushes: [(UInt64, UInt32)] = []
        while let length = frames.readInteger(as: UInt32.self) {
            guard case let .event(push) = try ServerFrame.decode(body: frames.readSlice(length: Int(length))!, version: ProtocolVersion.v2),
                case let .leaderChanged(baseId)? = try WireEvent.decode(type: push.eventType, data: push.data)
            else { throw WireDecodingError(field: "frame", reason: "not a leader change") }
            pushes.append((push.lsn, baseId))
        }
        return pushes
    }

    @Test func commitsLeaveByLSNInOrderAndWhatStaysIsNotChangedByWhatLeft() throws {
        var queue = PushQueue(allocator: ByteBufferAllocator())
        queue.append(Self.batch([(2, 10), (1, 11)]))
        queue.append(Self.batch([(3, 13)]))
        let early = queue.take(through: 9)
        #expect(early == nil, "nothing is durable yet")
        guard let first = queue.take(through: 12) else { Issue.record("nothing released through 12"); return }
        #expect(queue.firstLSN == 13)
        queue.append(Self.batch([(1, 14)]))
        #expect(try Self.pushes(in: first).map { "\($0.lsn):\($0.leader)" } == ["10:1", "10:2", "11:1"], "a later commit leaves the taken frames alone")
        guard let rest = queue.take(through: 14) else { Issue.record("nothing released through 14"); return }
        #expect(try Self.pushes(in: rest).map { "\($0.lsn):\($0.leader)" } == ["13:1", "13:2", "13:3", "14:1"])
        #expect(queue.isEmpty && queue.byteCount == 0 && queue.firstLSN == nil)
        queue.append(Self.batch([(1, 15)]))
        guard let last = queue.take(through: 15) else { Issue.record("nothing released through 15"); return }
        #expect(try Self.pushes(in: last).map(\.lsn) == [15])
    }
}
