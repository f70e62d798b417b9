/// Strings read from bytes that must be UTF-8: the wire's and the journal's.
public enum UTF8Text {
    /// The string `bytes` spell, or nil when they are not UTF-8 (never a repaired string).
    ///
    /// ASCII, what nearly every request and journaled event carries, skips the standard
    /// library's generic validation, which looks up type metadata at run time on every call
    /// (measured on the request path, and as a fifth of a restart's replay).
    public static func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }
}
