import EspritClient
import EspritProtocol
@testable import EspritServer
import Foundation
import Testing

/// The registry, the opcode list and protocol/schema.json name the same operations, with the
/// same numbers, names and sessions.
@Suite struct OperationRegistryTests {
    private struct SchemaOperation: Decodable {
        var name: String
        var opcode: UInt16
        var session: String
    }

    private struct Schema: Decodable {
        var operations: [SchemaOperation]
    }

    private static func schemaOperations() throws -> [SchemaOperation] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("protocol/schema.json")
        return try JSONDecoder().decode(Schema.self, from: Data(contentsOf: path)).operations
    }

    @Test func theRegistryTheProtocolsOperationsAndTheSchemaAgree() throws {
        let registered = OperationRegistry.all.map { $0.opcode }
        #expect(Set(registered).count == registered.count, "an opcode is registered twice")
        #expect(Set(registered) == Set(WireOperations.opcodes))
        let schema = try Self.schemaOperations()
        #expect(schema.count == OperationRegistry.all.count)
        for entry in schema {
            guard let opcode = Opcode(rawValue: entry.opcode), let operation = OperationRegistry.operation(for: opcode) else {
                Issue.record("\(entry.name) (\(entry.opcode)) is in the schema but not served")
                continue
            }
            #expect(opcode.name == entry.name)
            #expect(operation.access.rawValue == entry.session, "\(entry.name)")
        }
    }

    /// The session is checked before anything else: a player operation with a field the rules
    /// would refuse still answers UNAUTHORIZED without a login.
    @Test func authorizationComesBeforeValidation() async throws {
        let server = try await TestServer.start()
        let client = try await server.client()
        let error = await rejection { _ = try await client.craft(element: 99, tier: 1) }
        #expect(error?.details == .unauthorized)
        await client.close()
        try await server.stopAndRemove()
    }
}
