/// Why a snapshot could not be written, verified or read.
public struct SnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { "snapshot: \(message)" }
}
