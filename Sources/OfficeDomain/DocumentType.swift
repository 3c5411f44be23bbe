/// The document type codes a ledger accepts: Decree 30/2020/NĐ-CP appendix III, the codes of
/// Circular 01/2011/TT-BNV it replaced, and `CV` for công văn (which carries no code in its symbol).
public enum DocumentTypes {
    /// Decree 30/2020 abbreviations.
    public static let decree30: [String] = [
        "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr",
        "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL",
    ]
    /// Circular 01/2011 codes that Decree 30 renamed (GN→BGN, TTh→BTT, UQ→GUQ, NP→GNP).
    public static let circular01of2011: [String] = ["GN", "TTh", "UQ", "NP"]
    /// Công văn: official letters, numbered `123/UBND`.
    public static let officialLetter = "CV"

    public static let all: Set<String> = Set(decree30 + circular01of2011 + [officialLetter])

    public static func isKnown(_ code: String) -> Bool { all.contains(code) }

    /// A suggestion for a code typed without Vietnamese letters ("QD" → "QĐ"), if there is one.
    public static func suggestion(for code: String) -> String? {
        let folded = fold(code)
        return (decree30 + circular01of2011 + [officialLetter]).first { fold($0) == folded && $0 != code }
    }

    private static func fold(_ text: String) -> String {
        String(text.uppercased().map { $0 == "Đ" ? "D" : $0 })
    }

    /// The report's categories of issued documents.
    public enum Category: String, CaseIterable, Sendable {
        case legalNormative = "legal_normative"
        case individualDecisionsDirectives = "individual_decisions_directives"
        case plans
        case submissions
        case other
    }

    public static func category(docType: String, legalNormative: Bool) -> Category {
        if legalNormative { return .legalNormative }
        switch docType {
        case "QĐ", "CT": return .individualDecisionsDirectives
        case "KH": return .plans
        case "TTr": return .submissions
        default: return .other
        }
    }
}
