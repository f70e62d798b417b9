import EspritGame
import EspritProtocol

extension GameError {
    /// The error as the protocol carries it: its own details, with its sentence for people.
    public var wireError: WireError {
        WireError(message: message, details: self)
    }
}
