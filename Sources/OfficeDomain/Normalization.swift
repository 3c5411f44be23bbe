import Foundation
import LedgerJSON

/// Unicode NFC, so that the same Vietnamese word typed composed or decomposed is one word.
public enum Normalization {
    /// The NFC form of `text`. Text made only of scalars that are stable under NFC and cannot
    /// combine (ASCII, Latin, Vietnamese precomposed letters, common punctuation) is returned
    /// as it is without a trip through Foundation.
    public static func nfc(_ text: String) -> String {
        if isTriviallyNFC(text) { return text }
        return text.precomposedStringWithCanonicalMapping
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
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x300 || (0x1E00...0x1EFF).contains(v) || (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v) {
                continue
            }
            return false
        }
        return true
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
