/// The first byte of every frame body: what kind of frame follows.
public enum FrameType: UInt8, CaseIterable, Sendable {
    /// Client → server, first frame on a connection: magic and protocol version.
    case hello = 0x01
    /// Server → client answer to a supported `HELLO`.
    case welcome = 0x02
    /// Client → server operation, tagged with a request id.
    case request = 0x03
    /// Server → client success answer to one request.
    case response = 0x04
    /// Server → client failure answer to one request; the connection stays open.
    case error = 0x05
    /// Server → client push of a player event (reserved: no v1 operation subscribes yet).
    case event = 0x06
    /// Server → client last frame: a connection-level error, after which the server closes.
    case close = 0x07

    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .welcome: "WELCOME"
        case .request: "REQUEST"
        case .response: "RESPONSE"
        case .error: "ERROR"
        case .event: "EVENT"
        case .close: "CLOSE"
        }
    }
}
