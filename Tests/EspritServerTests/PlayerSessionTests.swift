import EspritClient
import EspritGame
import EspritProtocol
@testable import EspritServer
import Foundation
import NIOConcurrencyHelpers
import Testing

/// The Swift client's `PlayerSession` retries a change whose answer was lost under the same
/// key: the change takes effect once.
@Suite struct PlayerSessionTests {
    /// Closes the connection of the first `QUEST` it sees answered, after the commit and
    /// before the answer leaves: the answer is lost, the change is not.
    final class LoseFirstQuestAnswer: RequestLink {
        private let cut = NIOLockedValueBox(0)
        var cuts: Int { cut.withLockedValue { $0 } }

        func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict { .proceed }

        func answered(_ call: RequestCall, with answer: RequestAnswer) {
            guard call.opcode == .quest, case .reply = answer else { return }
            let first = cut.withLockedValue { count in
                count += 1
                return count == 1
            }
            if first { call.connection.context?.close(promise: nil) }
        }
    }

    @Test func aChangeWhoseAnswerWasLostIsRetriedUnderItsKeyAndTakesEffectOnce() async throws {
        let link = LoseFirstQuestAnswer()
        let server = try await TestServer.start(links: [link])
        let setup = try await server.client()
        let player = try await setup.register(name: "Phone")
        await setup.close()

        let session = PlayerSession(host: "127.0.0.1", port: server.port, playerId: player.playerId, token: player.token, retryDelay: .milliseconds(10))
        let events = try await session.change(QuestRequest(zone: 1)).events
        #expect(link.cuts == 2, "the first answer was cut, the retry's was not")
        #expect(events.contains { $0.type == .questCompleted })
        let profile = try await session.read(GetProfileRequest())
        #expect(profile.xp == 10, "one quest's xp: the retry ran nothing")
        #expect(try await session.change(QuestRequest(zone: 1)).events.isEmpty == false)
        #expect(try await session.read(GetProfileRequest()).xp == 20, "a new change gets a new key")
        await session.close()
        try await server.stopAndRemove()
    }

    /// Counts the `QUEST`s that reach dispatch.
    final class CountQuests: RequestLink {
        private let count = NIOLockedValueBox(0)
        var quests: Int { count.withLockedValue { $0 } }

        func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict {
            if call.opcode == .quest { count.withLockedValue { $0 += 1 } }
            return .proceed
        }
    }

    @Test func aRefusalIsTheAnswerAndIsNotRetried() async throws {
        let counter = CountQuests()
        let server = try await TestServer.start(links: [counter])
        let setup = try await server.client()
        let player = try await setup.register(name: "Refused")
        await setup.close()
        let session = PlayerSession(host: "127.0.0.1", port: server.port, playerId: player.playerId, token: player.token)
        let refusal = await rejection { _ = try await session.change(QuestRequest(zone: 99)) }
        #expect(refusal?.details == .validation(field: "zone", reason: "must be 1–20, got 99"))
        #expect(counter.quests == 1)
        await session.close()
        try await server.stopAndRemove()
    }
}
