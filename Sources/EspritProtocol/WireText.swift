/// Bounds and cleans text that came from a client before the server repeats it.
///
/// An error message or a log line that echoes a client's string verbatim lets the client choose
/// how big it is (a 65 535-byte banner would not fit back into the `string` of an `ERROR`) and,
/// in logs, what it says (a newline forges a line). Everything echoed goes through here.
public enum WireText {
    /// The most bytes of a client's string that an error message or a log line repeats.
    public static let maxEchoBytes = 64

    /// `text` cut to at most `maxBytes` UTF-8 bytes at a character boundary, with `…` marking
    /// the cut (the marker counts towards `maxBytes`).
    public static func clipped(_ text: String, maxBytes: Int = maxEchoBytes) -> String {
        guard text.utf8.count > maxBytes else { return text }
        let marker = "…"
        let budget = max(0, maxBytes - marker.utf8.count)
        var result = ""
        var used = 0
        for scalar in text.unicodeScalars {
            let size = UTF8.width(scalar)
            guard used + size <= budget else { break }
            result.unicodeScalars.append(scalar)
            used += size
        }
        return result + marker
    }

    /// `text` made safe for one log line: control characters (newlines, escapes) become `?`,
    /// then the result is clipped to `maxBytes`.
    public static func loggable(_ text: String, maxBytes: Int = maxEchoBytes) -> String {
        var cleaned = ""
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            let unsafe = category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator
            cleaned.unicodeScalars.append(unsafe ? "?" : scalar)
        }
        return clipped(cleaned, maxBytes: maxBytes)
    }
}
