import Testing
import Foundation
import LedgerJSON
import OfficeDomain

@Suite("Unicode normalisation of input text")
struct NormalizationTests {
    // "Sở Nội vụ" composed (NFC: ở U+1EDF, ộ U+1ED9, ụ U+1EE5) and decomposed (NFD: base letter + marks).
    let composed = "S\u{1EDF} N\u{1ED9}i v\u{1EE5}"
    let decomposed = "So\u{31B}\u{309} No\u{323}\u{302}i vu\u{323}"

    @Test("decomposed text becomes composed; composed text is left as it is")
    func nfc() {
        #expect(Array(Normalization.nfc(decomposed).unicodeScalars) == Array(composed.unicodeScalars))
        #expect(Array(Normalization.nfc(composed).unicodeScalars) == Array(composed.unicodeScalars))
        #expect(Normalization.nfc("Sở Tư pháp").utf8.elementsEqual("Sở Tư pháp".precomposedStringWithCanonicalMapping.utf8))
        #expect(Normalization.nfc("QĐ-UBND") == "QĐ-UBND")
        // The two spellings really differ as bytes: the test would catch a no-op.
        #expect(!composed.utf8.elementsEqual(decomposed.utf8))
    }

    @Test("every string of a JSON value, keys included, is normalised")
    func jsonValue() throws {
        let value: JSONValue = .object([decomposed: .array([.string(decomposed), 1])])
        let normalized = try Normalization.nfc(value)
        #expect(normalized == .object([composed: .array([.string(composed), 1])]))
        #expect(normalized != value)   // JSONValue equality compares bytes
    }

    @Test("two keys that differ only in normalisation are refused")
    func collidingKeys() {
        let value: JSONValue = .object(JSONObject([("lead_unit", "a"), (composed, "x"), (decomposed, "y")]))
        #expect(throws: DomainError(field: "data.\(composed)", reason: "given twice (the two keys differ only in Unicode normalisation)")) {
            try Normalization.nfc(value)
        }
    }
}
