/// A document's number and symbol (số, ký hiệu): `41/QĐ-UBND`, `09/KH-UBND`, `20/2017/QĐ-UBND`
/// (legal normative, with its year), `123/UBND` (công văn).
public struct NumberSymbol: Hashable, Sendable, CustomStringConvertible {
    public let number: Int
    public let year: Int?          // only legal normative documents carry it
    public let docType: String     // "CV" for công văn
    public let issuer: String

    public init(number: Int, year: Int?, docType: String, issuer: String) {
        self.number = number
        self.year = year
        self.docType = docType
        self.issuer = issuer
    }

    /// The form Decree 30 writes: numbers below 10 with a leading zero.
    public var description: String {
        let n = pad(number, 2)
        if docType == DocumentTypes.officialLetter { return "\(n)/\(issuer)" }
        if let year { return "\(n)/\(year)/\(docType)-\(issuer)" }
        return "\(n)/\(docType)-\(issuer)"
    }

    /// Parses a reference as clerks write it: `9/KH-UBND` and `09/KH-UBND` alike, spaces
    /// around `/` and `-` ignored. Nil when it is not a number symbol.
    public init?(parsing raw: String) {
        let text = String(raw.unicodeScalars.filter { $0 != " " }.map(Character.init))
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3,
              let number = Int(parts[0]), number >= 1, parts[0].allSatisfy(\.isASCII) else { return nil }
        var year: Int? = nil
        if parts.count == 3 {
            guard parts[1].count == 4, let y = Int(parts[1]), (1900...9999).contains(y) else { return nil }
            year = y
        }
        let rest = parts[parts.count - 1]
        guard !rest.isEmpty else { return nil }
        if let dash = rest.firstIndex(of: "-") {
            let code = String(rest[..<dash])
            let issuer = String(rest[rest.index(after: dash)...])
            if DocumentTypes.isKnown(code) && code != DocumentTypes.officialLetter {
                guard !issuer.isEmpty else { return nil }
                self.init(number: number, year: year, docType: code, issuer: issuer)
                return
            }
        }
        // No known type code: a công văn, whose symbol is the issuer (and unit) alone.
        guard year == nil else { return nil }
        self.init(number: number, year: nil, docType: DocumentTypes.officialLetter, issuer: rest)
    }
}

/// Which document types share one number series. Fixed per ledger when it is created.
public struct SeriesConfig: Equatable, Sendable {
    /// Groups of doc type codes numbered in one series; every other type has its own.
    public var sharedGroups: [[String]]

    /// The default follows the seed: individual decisions and directives share one series
    /// (619/CT-UBND on 20/3 sits between QĐ numbers); legal normative decisions have their own.
    public static let standard = SeriesConfig(sharedGroups: [["QĐ", "CT"]])

    public init(sharedGroups: [[String]]) {
        self.sharedGroups = sharedGroups
    }

    /// The series a document is numbered in, e.g. `UBND|QĐ+CT`, `UBND|QPPL`, `UBND|CV`.
    public func series(docType: String, legalNormative: Bool, issuer: String) -> String {
        if legalNormative { return "\(issuer)|QPPL" }
        if let group = sharedGroups.first(where: { $0.contains(docType) }) {
            return "\(issuer)|" + group.joined(separator: "+")
        }
        return "\(issuer)|\(docType)"
    }

    /// The text stored in the ledger: groups separated by `,`, members by `+` (e.g. `QĐ+CT`).
    public var encoded: String { sharedGroups.map { $0.joined(separator: "+") }.joined(separator: ",") }

    /// Parses `QĐ+CT,KH+PA`; throws a sentence naming what is wrong.
    public init(encoded text: String) throws(DomainError) {
        var groups: [[String]] = []
        var seen = Set<String>()
        for group in text.split(separator: ",") {
            let members = group.split(separator: "+").map { String($0).trimmingSpaces() }
            for member in members {
                guard DocumentTypes.isKnown(member) else {
                    throw DomainError(field: "series", reason: "unknown document type code \"\(member)\"")
                }
                guard seen.insert(member).inserted else {
                    throw DomainError(field: "series", reason: "\(member) is in more than one group")
                }
            }
            if members.count > 1 { groups.append(members) }
        }
        self.sharedGroups = groups
    }
}

/// When a programme item is due: a quarter (`Q2/2017`), a year (`2017`) or a span of years
/// (`2017-2018`, due at the end of its last year).
public enum Due: Hashable, Sendable, CustomStringConvertible {
    case quarter(Int, year: Int)
    case year(Int)
    case span(Int, Int)

    public init?(_ text: String) {
        if text.hasPrefix("Q"), text.count == 7, text.dropFirst(2).first == "/",
           let q = Int(String(text.dropFirst().prefix(1))), (1...4).contains(q),
           let y = Int(text.suffix(4)), (1900...9999).contains(y) {
            self = .quarter(q, year: y)
            return
        }
        if text.count == 4, text.allSatisfy(\.isASCII), let y = Int(text), (1900...9999).contains(y) {
            self = .year(y)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isASCII) }),
           let a = Int(parts[0]), let b = Int(parts[1]), (1900...9999).contains(a), b > a, b <= 9999 {
            self = .span(a, b)
            return
        }
        return nil
    }

    public var description: String {
        switch self {
        case .quarter(let q, let y): return "Q\(q)/\(y)"
        case .year(let y): return String(y)
        case .span(let a, let b): return "\(a)-\(b)"
        }
    }

    /// The last day the item is due by.
    public var end: Day {
        switch self {
        case .quarter(let q, let y): return Day(year: y, month: q * 3, day: q == 1 || q == 4 ? 31 : 30)!
        case .year(let y): return Day(year: y, month: 12, day: 31)!
        case .span(_, let b): return Day(year: b, month: 12, day: 31)!
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
