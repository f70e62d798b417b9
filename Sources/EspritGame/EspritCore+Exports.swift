/// The errors and event numbers the game shares with the wire are defined once, in
/// `EspritCore`; every user of the game module sees them as its own.
@_exported import EspritCore
