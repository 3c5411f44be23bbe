import Testing
import OfficeProjections

@Suite("The search table's folding of đ and Đ")
struct SubjectSearchTests {
    /// The definition, scalar by scalar.
    static func reference(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "đ" ? "d" : $0 == "Đ" ? "D" : $0 }))
    }

    @Test("đ/Đ become d/D anywhere in the text, every other byte is kept", arguments: [
        "", "đ", "Đ", "đđ", "ĐđĐ", "Đất đai", "quản lý đất đai ven biển Đông", "Kiên Giang", "ě ď Ē ĕ Ĕ", "\u{111}\u{301}",
        "a" + String(repeating: "đ", count: 100) + "z", "đ😀Đ", "Ġ ġ Ď ď", "\u{0110}x\u{0111}",
    ])
    func folding(text: String) {
        #expect(SubjectSearch.folded(text) == Self.reference(text))
        #expect(Array(SubjectSearch.folded(text).utf8) == Array(Self.reference(text).utf8))
    }
}
