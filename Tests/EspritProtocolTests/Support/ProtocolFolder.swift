import Foundation
import NIOCore

/// The repository's `protocol/` folder: its schema and golden vectors.
enum ProtocolFolder {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("protocol")

    struct Vector {
        var name: String
        var direction: String
        var bytes: [UInt8]
        var meaning: Canonical
        var json: [String: Any]

        var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }
        /// The frame body: the bytes after the 4-byte length prefix.
        var body: ByteBuffer { ByteBuffer(bytes: bytes.dropFirst(4)) }
    }

    static func vectors() throws -> [Vector] {
        let folder = url.appendingPathComponent("vectors")
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
                name: json["name"] as! String, direction: json["direction"] as! String, bytes: bytes,
                meaning: Canonical(json: json["frame"]!), json: json
            )
        }
    }

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: url.appendingPathComponent("schema.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
