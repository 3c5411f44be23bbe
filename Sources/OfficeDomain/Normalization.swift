// The standard library's own NFC (the one String comparison uses), reached through its
// Unicode SPI: it spares the binary Foundation and ICU, about 10 ms of every process start.
@_spi(_Unicode) import Swift
public import LedgerJSON

/// Unicode NFC, so that the same Vietnamese word typed composed or decomposed is one word.
public enum Normalization {
    /// The NFC form of `text`. Text made only of scalars that are stable under NFC and cannot
    /// combine (ASCII, Latin, Vietnamese precomposed letters, common punctuation) is returned
    /// as it is, without running the normaliser.
    public static func nfc(_ text: String) -> String {
        if isTriviallyNFC(text) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text._nfc { scalars.append(scalar) }
        return String(scalars)
    }

    static func isTriviallyNFC(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return isTriviallyNFC(text)
        case .array(let items): return items.allSatisfy(isTriviallyNFC)
        case .object(let object): return object.pairs.allSatisfy { isTriviallyNFC($0.key) && isTriviallyNFC($0.value) }
        default: return true
        }
    }

    static func isTriviallyNFC(_ text: String) -> Bool {
        // On the UTF-8 bytes: U+0000–U+02FF (lead bytes up to 0xCB), U+1E00–U+1EFF
        // (E1 B8–BB ..), U+2010–U+205E (E2 80 90 … E2 81 9E). Anything else takes the slow path.
        var text = text
        return text.withUTF8 { bytes -> Bool in
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    i += 1
                } else if b >= 0xC2 && b <= 0xCB {
                    i += 2
                } else if b == 0xE1, i + 2 < n, bytes[i + 1] >= 0xB8 && bytes[i + 1] <= 0xBB {
                    i += 3
                } else if b == 0xE2, i + 2 < n,
                          (bytes[i + 1] == 0x80 && bytes[i + 2] >= 0x90) || (bytes[i + 1] == 0x81 && bytes[i + 2] <= 0x9E) {
                    i += 3
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Every string in the value (keys included) in NFC. Throws when two keys of one object
    /// become the same key.
    public static func nfc(_ value: JSONValue, path: String = "data") throws(DomainError) -> JSONValue {
        if isTriviallyNFC(value) { return value }
        switch value {
        case .string(let text):
            return .string(nfc(text))
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (index, item) in items.enumerated() { out.append(try nfc(item, path: "\(path)[\(index)]")) }
            return .array(out)
        case .object(let object):
            var out = JSONObject()
            for (key, item) in object.pairs {
                let normalizedKey = nfc(key)
                if out[normalizedKey] != nil {
                    throw DomainError(field: "\(path).\(normalizedKey)", reason: "given twice (the two keys differ only in Unicode normalisation)")
                }
                out[normalizedKey] = try nfc(item, path: "\(path).\(normalizedKey)")
            }
            return .object(out)
        default:
            return value
        }
    }
}
