/// Characters refused in every text of an event besides the C0 controls (which each check
/// handles itself: data text may hold a tab or a line feed, the envelope's may not): DEL, the
/// C1 controls, and the bidirectional embeddings, overrides and isolates, which make text
/// display in another order than it is stored ("Trojan Source", CVE-2021-42574).
public enum InvisibleControls {
    /// Why `text` is refused, naming its first such character (`contains a control character
    /// (U+007F)`), or nil when it has none.
    public static func refusal(in text: String) -> String? {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x7F, 0x80...0x9F:
                return "contains a control character (\(code(scalar)))"
            case 0x202A...0x202E, 0x2066...0x2069:
                return "contains a bidirectional control character (\(code(scalar)))"
            default:
                continue
            }
        }
        return nil
    }

    /// Whether a UTF-8 byte may begin one of them: DEL, the lead byte of U+0080–U+00BF and of
    /// U+2000–U+2FFF. A byte scan calls `refusal` only when it meets one.
    @inline(__always)
    public static func mayStart(_ byte: UInt8) -> Bool { byte == 0x7F || byte == 0xC2 || byte == 0xE2 }

    static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
