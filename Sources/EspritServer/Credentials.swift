import Crypto

/// Login tokens and secrets: generated from the system's cryptographic random source, stored
/// only as SHA-256, compared in constant time.
enum Credentials {
    static let tokenBytes = 32

    static func newToken() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<tokenBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func hash(_ token: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: token))
    }

    /// Compares without an early exit, so timing does not reveal how many bytes matched.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
