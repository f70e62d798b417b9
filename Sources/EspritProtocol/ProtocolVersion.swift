/// The protocol versions this codec speaks, negotiated by `HELLO`: the client names one, and
/// the server answers in it or closes.
///
/// A version, once shipped, is served forever byte for byte: each later version changes only
/// what the earlier one cannot do, and the codec takes the connection's version wherever a
/// layout differs (``ClientFrame/decode(body:version:)``, ``ServerFrame/encode(into:version:)``).
public enum ProtocolVersion {
    /// The first version: events in answers carry no length, requests no idempotency key.
    public static let v1: UInt16 = 1
    /// Every event carries its length, so a client skips the types it does not know; a
    /// `REQUEST` carries an optional idempotency key; subscriptions push `EVENT`s.
    public static let v2: UInt16 = 2
    /// The newest version, which this package's client speaks.
    public static let latest = v2
    public static let supported: ClosedRange<UInt16> = v1...v2
}
