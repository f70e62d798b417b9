import EspritGame
import EspritProtocol
import Testing

/// `protocol/schema.json` names exactly what the codec knows, and the vectors cover all of it,
/// so the documents cannot drift from the code.
@Suite struct SchemaTests {
    private func entries(_ key: String, number: String) throws -> [String: Int] {
        let list = try ProtocolFolder.schema()[key] as! [[String: Any]]
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0[number] as! Int) })
    }

    @Test func frameTypesMatchTheCodec() throws {
        let schema = try entries("frames", number: "type")
        let code = Dictionary(uniqueKeysWithValues: FrameType.allCases.map { ($0.name, Int($0.rawValue)) })
        #expect(schema == code)
    }

    @Test func opcodesMatchTheCodec() throws {
        let schema = try entries("operations", number: "opcode")
        let code = Dictionary(uniqueKeysWithValues: WireOperations.opcodes.map { ($0.name, Int($0.rawValue)) })
        #expect(schema == code)
    }

    @Test func errorCodesMatchTheCodec() throws {
        let schema = try entries("errors", number: "code")
        let code = Dictionary(uniqueKeysWithValues: ErrorCode.allCases.map { ($0.name, Int($0.rawValue)) })
        #expect(schema == code)
    }

    @Test func eventTypesMatchTheCodec() throws {
        let schema = try entries("events", number: "type")
        let code = Dictionary(uniqueKeysWithValues: WireEvent.EventType.allCases.map { ($0.name, Int($0.rawValue)) })
        #expect(schema == code)
    }

    @Test func elementCodesMatchTheGame() throws {
        let enums = try ProtocolFolder.schema()["enums"] as! [String: Any]
        let list = enums["element"] as! [[String: Any]]
        let schema = Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0["value"] as! Int) })
        #expect(schema == Dictionary(uniqueKeysWithValues: Element.allCases.map { ($0.name, Int($0.rawValue)) }))
    }

    @Test func currencyCodesMatchTheGame() throws {
        let enums = try ProtocolFolder.schema()["enums"] as! [String: Any]
        let list = enums["currency"] as! [[String: Any]]
        let schema = Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0["value"] as! Int) })
        let game = Dictionary(uniqueKeysWithValues: Currency.allCases.map { ($0.name, Int($0.rawValue)) })
        #expect(schema == game)
    }

    /// The version each error code and operation arrives in (`since`, 1 when absent).
    private func arrivals(_ key: String, number: String) throws -> [Int: Int] {
        let list = try ProtocolFolder.schema()[key] as! [[String: Any]]
        return Dictionary(uniqueKeysWithValues: list.map { ($0[number] as! Int, $0["since"] as? Int ?? 1) })
    }

    /// v1's vectors show every frame, operation, error and event of v1; v2's show every error
    /// and operation that arrived in v2.
    @Test func vectorsCoverEveryFrameOperationErrorAndEvent() throws {
        let frames = try ProtocolFolder.vectors().map { $0.json["frame"] as! [String: Any] }
        let v2Frames = try ProtocolFolder.vectors(version: ProtocolVersion.v2).map { $0.json["frame"] as! [String: Any] }
        let frameNames = Set(frames.map { $0["frame"] as! String })
        #expect(frameNames == Set(FrameType.allCases.map(\.name)))
        let opcodeArrivals = try arrivals("operations", number: "opcode")
        for opcode in WireOperations.opcodes {
            let shown = opcodeArrivals[Int(opcode.rawValue)] == 2 ? v2Frames : frames
            let covered = { (kind: String) in
                shown.contains { $0["frame"] as! String == kind && $0["opcode"] as! Int == Int(opcode.rawValue) }
            }
            #expect(covered("REQUEST"), "no request vector for \(opcode.name)")
            #expect(covered("RESPONSE"), "no response vector for \(opcode.name)")
        }
        let codeArrivals = try arrivals("errors", number: "code")
        let codes = { (frames: [[String: Any]]) in Set(frames.compactMap { $0["code"] as? Int }) }
        #expect(codes(frames) == Set(ErrorCode.allCases.map { Int($0.rawValue) }.filter { codeArrivals[$0] == 1 }))
        #expect(codes(v2Frames).isSuperset(of: codeArrivals.filter { $0.value == 2 }.keys))
        let eventTypes = Set(frames.flatMap { frame in
            ((frame["payload"] as? [String: Any])?["events"] as? [[String: Any]] ?? []).map { $0["eventType"] as! Int }
        } + frames.compactMap { $0["frame"] as! String == "EVENT" ? $0["eventType"] as? Int : nil })
        #expect(eventTypes == Set(WireEvent.EventType.allCases.map { Int($0.rawValue) }))
    }
}
