import Synchronization

/// Generates ids for commands and, when the client sent none, correlation ids.
///
/// A random prefix drawn at start-up, a dash and a counter, in base 36: unique across restarts
/// without paying for a UUID on every request. Two ids are made per request, so they are built
/// byte by byte and kept to 15 bytes (8 for the prefix, 6 for the counter until two billion
/// ids), the length Swift stores inside the `String` itself, with no allocation.
final class CommandIds: Sendable {
    private let prefix: [UInt8]
    private let counter = Atomic<UInt64>(0)
    private static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    init() {
        var generator = SystemRandomNumberGenerator()
        prefix = Self.base36(generator.next() % 2_821_109_907_456)  // 36^8: at most 8 digits
    }

    func next() -> String {
        let value = counter.add(1, ordering: .relaxed).newValue
        var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &bytes) { buffer in
            var count = 0
            for byte in prefix {
                buffer[count] = byte
                count += 1
            }
            buffer[count] = UInt8(ascii: "-")
            count += 1
            count += Self.writeBase36(value, into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
            return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    private static func base36(_ value: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 13)
        let count = bytes.withUnsafeMutableBytes { writeBase36(value, into: $0) }
        return Array(bytes.prefix(count))
    }

    /// Writes `value` in base 36, most significant digit first; returns the digits written.
    private static func writeBase36(_ value: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var reversed: (UInt64, UInt64) = (0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &reversed) { scratch in
            var rest = value
            repeat {
                scratch[count] = digits[Int(rest % 36)]
                rest /= 36
                count += 1
            } while rest > 0
            for index in 0..<count {
                buffer[index] = scratch[count - 1 - index]
            }
        }
        return count
    }
}
