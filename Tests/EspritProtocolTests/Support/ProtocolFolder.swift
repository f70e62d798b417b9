import Foundation
import NIOCore

/// The repository's `protocol/` folder: its schema and golden vectors.
enum ProtocolFolder {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("protocol")

    struct Vector {
        var name: String
        /// The protocol version the vector's frame is laid out in: 1 in `vectors/`, 2 in `vectors/v2/`.
        var version: UInt16
        var direction: String
        var bytes: [UInt8]
        var meaning: Canonical
        var json: [String: Any]

        var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }
        /// The frame body: the bytes after the 4-byte length prefix.
        var body: ByteBuffer { ByteBuffer(bytes: bytes.dropFirst(4)) }
    }

    /// The golden vectors of protocol `version`.
    static func vectors(version: UInt16 = 1) throws -> [Vector] {
        let folder = version == 1 ? url.appendingPathComponent("vectors") : url.appendingPathComponent("vectors/v\(version)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let hex = Array((json["hex"] as! String).utf8)
            var bytes: [UInt8] = []
            for index in stride(from: 0, to: hex.count, by: 2) {
                bytes.append(UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16)!)
            }
            return Vector(
                name: json["name"] as! String, version: version, direction: json["direction"] as! String, bytes: bytes,
                meaning: Canonical(json: json["frame"]!), json: json
            )
        }
    }

    /// The names of operation `opcode`'s `part` fields ("request" or "response") that the
    /// schema marks as arriving after `version`.
    static func fieldsLaterThan(_ version: UInt16, opcode: UInt16, part: String) -> [String] {
        guard let operations = (try? schema())?["operations"] as? [[String: Any]],
              let operation = operations.first(where: { $0["opcode"] as? Int == Int(opcode) }),
              let fields = operation[part] as? [[String: Any]]
        else { return [] }
        return fields.filter { ($0["since"] as? Int ?? 1) > Int(version) }.map { $0["name"] as! String }
    }

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: url.appendingPathComponent("schema.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
