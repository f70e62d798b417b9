/// The error details, their codes and the event numbers are the game's (`EspritCore`, defined
/// once for the game and the wire); every user of the protocol module sees them as its own.
@_exported import EspritCore

/// The structured details of an error, one shape per ``ErrorCode``: the game's own errors, as
/// they travel. The shape is fixed by the code, so a client decodes the details after reading
/// the code; there is no separate tag on the wire.
public typealias ErrorDetails = GameError
