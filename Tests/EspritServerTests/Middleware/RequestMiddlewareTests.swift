import EspritClient
import EspritGame
import EspritProtocol
@testable import EspritServer
import Synchronization
import Testing

/// The middleware runs around dispatch: a link sees each request it is given before the
/// operation, and the answer to each request it let through on the way back, exactly once, with
/// the LSN the reply waits for. A link that refuses stops the operation; the links before it see
/// the refusal.
@Suite struct RequestMiddlewareTests {
    /// Records what passes it, by request id.
    final class RecordingLink: RequestLink {
        struct Answered: Equatable {
            var requestId: UInt32
            var opcode: Opcode
            /// The reply's LSN, or nil for a refusal.
            var lsn: UInt64?
            var refusal: String?
        }

        private let state = Mutex<(admitted: [(UInt32, Opcode)], answered: [Answered])>(([], []))

        func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict {
            state.withLock { $0.admitted.append((call.requestId, call.opcode)) }
            return .proceed
        }

        func answered(_ call: RequestCall, with answer: RequestAnswer) {
            let answered = switch answer {
            case let .reply(reply): Answered(requestId: call.requestId, opcode: call.opcode, lsn: reply.lsn, refusal: nil)
            case let .refusal(error): Answered(requestId: call.requestId, opcode: call.opcode, lsn: nil, refusal: error.message)
            }
            state.withLock { $0.answered.append(answered) }
        }

        var admitted: [(requestId: UInt32, opcode: Opcode)] { state.withLock { $0.admitted } }
        var answered: [Answered] { state.withLock { $0.answered } }
    }

    /// Refuses every `GET_CATALOG`, as a rate limit would.
    struct RefuseCatalog: RequestLink {
        static let error = WireError(message: "no catalog today", details: .unavailable(reason: "test link"))

        func admit(_ call: RequestCall, to operation: OperationRegistry.Entry) -> Verdict {
            call.opcode == GetCatalogRequest.opcode ? .refused(Self.error) : .proceed
        }
    }

    @Test func linksSeeEveryRequestTheyAreGivenAndEveryAnswerOnTheWayBack() async throws {
        let recorder = RecordingLink()
        let server = try await TestServer.start(shards: 2, links: [recorder, RefuseCatalog()])
        let client = try await server.client()
        let registered = try await client.register(name: "Linked")
        _ = try await client.login(playerId: registered.playerId, token: registered.token)
        _ = try await client.quest(zone: 1)
        let refusedByRule = await rejection { _ = try await client.quest(zone: 999) }
        let refusedByLink = await rejection { _ = try await client.catalog() }
        // Refused by authorization, a standard link that runs before the test's: they never see it.
        let unauthorized = await rejection { _ = try await client.grant(playerId: registered.playerId, currency: Currency.lumees.rawValue, amount: 1) }
        _ = try await client.profile()
        await client.close()
        try await server.stopAndRemove()

        guard case .validation(field: "zone", reason: _)? = refusedByRule?.details else {
            Issue.record("QUEST zone 999: expected a validation error, got \(String(describing: refusedByRule))")
            return
        }
        #expect(refusedByLink == RefuseCatalog.error)
        #expect(unauthorized?.details == .unauthorized)

        let expected: [Opcode] = [
            RegisterRequest.opcode, LoginRequest.opcode, QuestRequest.opcode, QuestRequest.opcode, GetCatalogRequest.opcode, GetProfileRequest.opcode,
        ]
        #expect(recorder.admitted.map(\.opcode) == expected)
        let answered = recorder.answered
        #expect(answered.map(\.opcode) == expected)
        #expect(answered.map(\.requestId) == recorder.admitted.map(\.requestId))
        #expect(Set(answered.map(\.requestId)).count == answered.count, "each answer seen once")

        // A change waits for its record, and a rule's refusal for the player's state it reflects;
        // a link's refusal is no reply at all.
        let register = answered[0], quest = answered[2]
        #expect((register.lsn ?? 0) > 0)
        #expect((quest.lsn ?? 0) > register.lsn ?? 0)
        #expect(answered[3].lsn == quest.lsn && answered[3].refusal == nil, "a game error is the operation's reply")
        #expect(answered[4].lsn == nil && answered[4].refusal == RefuseCatalog.error.message)
    }
}
