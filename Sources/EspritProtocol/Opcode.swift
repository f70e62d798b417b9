/// An operation number of the protocol (u16) and its name in `protocol/schema.json`. Player
/// operations count up from 0x0001, public reads from 0x0020, admin operations from 0x0100.
/// Never renumber, only append.
///
/// Each opcode is declared next to its request message (`Messages/`), as a static member of
/// this type, and ``WireOperations`` lists every request message once.
public struct Opcode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    /// The name used in `protocol/schema.json` and the documents: `GET_PROFILE`.
    public let name: String

    public init(_ rawValue: UInt16, name: String) {
        self.rawValue = rawValue
        self.name = name
    }

    /// The opcode the protocol assigns to `rawValue`, if any.
    public init?(rawValue: UInt16) {
        guard let request = WireOperations.request(for: rawValue) else { return nil }
        self = request.opcode
    }

    public var description: String { name }

    public static func == (lhs: Opcode, rhs: Opcode) -> Bool { lhs.rawValue == rhs.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
