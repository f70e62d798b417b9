import EspritProtocol
@testable import EspritServer
import EspritTestSupport
import NIOCore
import Testing

/// Registration claims the name in the directory and commits on the new player's shard.
@Suite struct RegisterOperationTests {
    /// Two REGISTERs of each name in one burst: the second arrives while the first holds its
    /// claim (its shard may be on the other loop) or after it committed. Either way exactly one
    /// registers the name, and the other is told it is taken.
    @Test func pipelinedRegistrationsOfOneNameRegisterItOnce() async throws {
        let server = try await TestServer.start()
        let raw = try RawConnection(port: server.port)
        raw.sendHello()
        _ = try raw.readFrame()
        let names = (0..<20).map { "Twin_\($0)" }
        var burst = ByteBuffer()
        for (index, name) in names.enumerated() {
            for copy in 0..<2 {
                ClientFrame.request(RequestFrame(requestId: UInt32(index * 2 + copy + 1), request: RegisterRequest(name: name))).encode(into: &burst)
            }
        }
        raw.send(Array(burst.readableBytesView))
        var registeredIds: [UInt64] = []
        var refusedNames: [String] = []
        for _ in 0..<(names.count * 2) {
            switch try raw.readFrame() {
            case let .response(response):
                guard let registered = response.response as? RegisterResponse else {
                    Issue.record("REGISTER answered with \(response.opcode.name)")
                    return
                }
                registeredIds.append(registered.playerId)
            case let .error(error):
                guard case let .validation(field, reason) = error.error.details, field == "name" else {
                    Issue.record("a second registration of a name was refused with \(error.error)")
                    return
                }
                refusedNames.append(String(reason.prefix { $0 != " " }))
            case let other:
                Issue.record("unexpected frame \(String(describing: other))")
                return
            }
        }
        #expect(registeredIds.count == names.count)
        #expect(Set(registeredIds).count == names.count, "every registration has an id of its own")
        #expect(refusedNames.sorted() == names.sorted())
        let admin = try await server.adminClient()
        for id in registeredIds {
            #expect(try await admin.ledger(playerId: id, limit: 10).isEmpty == false, "player \(id) was committed")
        }
        await admin.close()
        try await server.stopAndRemove()
    }

    /// An address past its registrations (GAME.md: five a minute by default) is answered
    /// `RATE_LIMITED` before any name or id is claimed: a stranger cannot fill the server.
    @Test func registrationsPastTheAddressBurstAreRefusedBeforeAnythingIsClaimed() async throws {
        var limits = ConnectionLimits()
        limits.registrationBurst = 2
        limits.registrationInterval = .seconds(60)
        let server = try await TestServer.start(limits: limits)
        let client = try await server.client()
        let first = try await client.register(name: "Early_1")
        let second = try await client.register(name: "Early_2")
        let refusal = await rejection { _ = try await client.register(name: "Late_3") }
        await client.close()
        guard case let .rateLimited(retryAfterMs)? = refusal?.details else {
            Issue.record("expected RATE_LIMITED, got \(String(describing: refusal))")
            return
        }
        // The wait counts from the first registration, so the time the two took comes off
        // the minute: on a slow machine that is more than a second.
        #expect((30_000...60_000).contains(retryAfterMs))
        #expect(refusal?.message.hasPrefix("too many registrations from 127.0.0.1") == true)
        #expect([first.playerId, second.playerId] == [1, 2])
        let admin = try await server.adminClient()
        let noThird = await rejection { _ = try await admin.grant(playerId: 3, currency: 0, amount: 1) }
        #expect(noThird?.details == .notFound(entity: "player", id: "3"))
        await admin.close()
        try await server.stopAndRemove()
    }
}
