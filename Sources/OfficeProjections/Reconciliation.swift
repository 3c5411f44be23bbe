public import LedgerJSON
public import LedgerStore
import OfficeDomain

/// A written report's claims set beside the ledger's own figures, and what the ledger itself
/// shows is doubtful.
public struct Reconciliation: Sendable {
    public struct Line: Sendable {
        public var path: String
        public var declared: JSONValue
        public var ledger: JSONValue?
        public var differs: Bool
    }
    public struct Doubt: Sendable {
        public var kind: String
        public var detail: String
    }
    public var lines: [Line] = []
    public var doubts: [Doubt] = []
    public var differences: Int { lines.filter(\.differs).count }
}

public enum ReconciliationQuery {
    public static func run(_ db: Database, report: OfficeReport, declared: JSONValue) throws -> Reconciliation {
        var out = Reconciliation()
        compare(declared, report.json, path: "", into: &out.lines)
        out.doubts = try doubts(db, report: report)
        return out
    }

    /// Walks the declared figures; arrays of objects are matched by their `unit` or `item_id`.
    static func compare(_ declared: JSONValue, _ ledger: JSONValue?, path: String, into lines: inout [Reconciliation.Line]) {
        switch declared {
        case .object(let object):
            let ledgerObject = ledger?.objectValue
            for (key, value) in object.pairs where !(path.isEmpty && key == "as_of") {
                compare(value, ledgerObject?[key], path: path.isEmpty ? key : "\(path).\(key)", into: &lines)
            }
        case .array(let items):
            let ledgerItems = ledger?.arrayValue ?? []
            for (index, item) in items.enumerated() {
                if let object = item.objectValue, let (key, name) = identity(object) {
                    let match = ledgerItems.first { $0.objectValue?[key]?.stringValue.map(Normalization.nfc) == name }
                    var rest = object
                    rest[key] = nil
                    // A unit the ledger does not know still shows each declared figure, against nothing.
                    compare(.object(rest), match ?? .object(JSONObject()), path: "\(path)[\(name)]", into: &lines)
                } else {
                    compare(item, index < ledgerItems.count ? ledgerItems[index] : nil, path: "\(path)[\(index)]", into: &lines)
                }
            }
        default:
            lines.append(.init(path: path, declared: declared, ledger: ledger, differs: !same(declared, ledger)))
        }
    }

    static func identity(_ object: JSONObject) -> (String, String)? {
        for key in ["unit", "item_id"] {
            if let name = object[key]?.stringValue { return (key, Normalization.nfc(name)) }
        }
        return nil
    }

    static func same(_ declared: JSONValue, _ ledger: JSONValue?) -> Bool {
        guard let ledger else { return false }
        switch (declared, ledger) {
        case (.int(let a), .int(let b)): return a == b
        case (.int, .double), (.double, .int), (.double, .double):
            guard let a = number(declared), let b = number(ledger) else { return false }
            return (a * 10).rounded() == (b * 10).rounded()
        case (.string(let a), .string(let b)): return Normalization.nfc(a) == Normalization.nfc(b)
        default: return declared.canonicalString == ledger.canonicalString
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }

    /// What the ledger itself shows is doubtful about the period.
    static func doubts(_ db: Database, report: OfficeReport) throws -> [Reconciliation.Doubt] {
        var out: [Reconciliation.Doubt] = []
        let seq = report.asOfSeq
        let from = report.period.from.description, to = report.period.to.description
        let year = report.programme.year

        // One decision cited as approving more than one item.
        let shared = try db.prepare("""
            SELECT f.value, group_concat(f.item_id, ', ') FROM p_programme_facts f
            JOIN p_programme_items i ON i.item_id = f.item_id
            WHERE f.year = ?1 AND f.kind = \(ProgrammeItemUpdate.Kind.approved.sql) AND i.year = ?1 AND f.seq <= ?2 AND i.seq <= ?2
            GROUP BY f.value HAVING count(*) > 1 ORDER BY min(f.seq)
            """)
        try shared.bind(year, at: 1); try shared.bind(seq, at: 2)
        while try shared.step() {
            out.append(.init(kind: "decision approves more than one item",
                             detail: "\(shared.text(0)) is cited as approving \(shared.text(1))"))
        }

        // A title registered twice (compared without case, spacing or a final period).
        var titles: [String: [String]] = [:]
        var order: [String] = []
        for item in try ReportQuery.programmeItems(db, year: year, seq: seq) {
            let key = normalizedTitle(item.title)
            if titles[key] == nil { order.append(key) }
            titles[key, default: []].append(item.itemID)
        }
        for key in order where titles[key]!.count > 1 {
            out.append(.init(kind: "title registered twice", detail: "items \(titles[key]!.joined(separator: ", ")) have the same title"))
        }

        // An approving decision that is not among the issued documents: the stored key is read
        // back into symbol and year and looked up on those columns (the register's own key).
        let approvals = try db.prepare("""
            SELECT f.value, f.item_id FROM p_programme_facts f
            JOIN p_programme_items i ON i.item_id = f.item_id
            WHERE f.year = ?1 AND f.kind = \(ProgrammeItemUpdate.Kind.approved.sql) AND i.year = ?1 AND f.seq <= ?2 AND i.seq <= ?2
            ORDER BY f.seq
            """)
        let issued = try db.prepare("SELECT 1 FROM p_documents_issued WHERE symbol = ?1 AND year = ?2 AND seq <= ?3")
        try approvals.bind(year, at: 1); try approvals.bind(seq, at: 2)
        while try approvals.step() {
            let value = approvals.text(0)
            if let key = DocumentKey(parsing: value) {
                defer { issued.reset() }
                try issued.bind(key.symbol.description, at: 1); try issued.bind(key.year, at: 2); try issued.bind(seq, at: 3)
                if try issued.step() { continue }
            }
            out.append(.init(kind: "approving decision not issued",
                             detail: "\(value) (approving \(approvals.text(1))) is not among the issued documents"))
        }

        // Gaps in a number series, and numbers that do not rise with their dates, inside the period.
        let series = try db.prepare("""
            SELECT series, year, number, issued_on, symbol FROM p_documents_issued
            WHERE issued_on BETWEEN ?1 AND ?2 AND seq <= ?3 ORDER BY series, year, number
            """)
        try series.bind(from, at: 1); try series.bind(to, at: 2); try series.bind(seq, at: 3)
        var current = ""
        var previous: (number: Int, date: String, symbol: String)? = nil
        var gaps: [String: [ClosedRange<Int>]] = [:]
        var seriesOrder: [String] = []
        var backwards: [String] = []
        while try series.step() {
            let name = "\(series.text(0).split(separator: "|").last ?? "")/\(series.text(1))"
            let number = series.int(2), date = series.text(3), symbol = series.text(4)
            if name != current {
                current = name
                previous = nil
                seriesOrder.append(name)
            }
            if let p = previous {
                if number > p.number + 1 { gaps[name, default: []].append((p.number + 1)...(number - 1)) }
                if date < p.date {
                    backwards.append("\(symbol) of \(date) comes after \(p.symbol) of \(p.date)")
                }
            }
            previous = (number, date, symbol)
        }
        for name in seriesOrder {
            guard let ranges = gaps[name] else { continue }
            let missingCount = ranges.reduce(0) { $0 + $1.count }
            let shown = ranges.prefix(5).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
            out.append(.init(kind: "gap in number series",
                             detail: "series \(name): \(missingCount) number(s) missing inside the period (\(shown.joined(separator: ", "))\(ranges.count > 5 ? ", …" : ""))"))
        }
        for line in backwards.prefix(20) {
            out.append(.init(kind: "number does not rise with its date", detail: line))
        }
        if backwards.count > 20 {
            out.append(.init(kind: "number does not rise with its date", detail: "… and \(backwards.count - 20) more"))
        }

        // A document registered again on purpose (repeat_of), received in the period.
        let repeats = try db.prepare("""
            SELECT r.year, r.arrival_no, e.data ->> '$.repeat_of', r.number_symbol, r.sender
            FROM p_documents_received r JOIN events e ON e.seq = r.seq
            WHERE r.received_on BETWEEN ?1 AND ?2 AND r.seq <= ?3 AND e.data ->> '$.repeat_of' IS NOT NULL
            ORDER BY r.year, r.arrival_no
            """)
        try repeats.bind(from, at: 1); try repeats.bind(to, at: 2); try repeats.bind(seq, at: 3)
        while try repeats.step() {
            out.append(.init(kind: "document registered twice",
                             detail: "arrival \(repeats.int(1))/\(repeats.int(0)) repeats arrival \(repeats.text(2)): \(repeats.text(3)) of \(repeats.text(4))"))
        }

        // An answer citing a document issued before the incoming one arrived (it cannot be its
        // answer, unless the register is wrong), for documents received in the period.
        let answers = try db.prepare("""
            SELECT f.year, f.arrival_no, f.value, r.received_on
            FROM p_incoming_facts f JOIN p_documents_received r ON r.year = f.year AND r.arrival_no = f.arrival_no
            WHERE f.kind = \(IncomingFactKind.answered.sql) AND f.value IS NOT NULL AND f.seq <= ?3
              AND r.received_on BETWEEN ?1 AND ?2 AND r.seq <= ?3
            ORDER BY f.year, f.arrival_no
            """)
        let issuedOn = try db.prepare("SELECT issued_on FROM p_documents_issued WHERE symbol = ?1 AND year = ?2")
        try answers.bind(from, at: 1); try answers.bind(to, at: 2); try answers.bind(seq, at: 3)
        while try answers.step() {
            guard let key = DocumentKey(parsing: answers.text(2)) else { continue }
            defer { issuedOn.reset() }
            try issuedOn.bind(key.symbol.description, at: 1); try issuedOn.bind(key.year, at: 2)
            guard try issuedOn.step(), issuedOn.text(0) < answers.text(3) else { continue }
            out.append(.init(kind: "answer issued before the document arrived",
                             detail: "arrival \(answers.int(1))/\(answers.int(0)), received on \(answers.text(3)), is answered by \(key.symbol) issued on \(issuedOn.text(0))"))
        }
        return out
    }

    static func normalizedTitle(_ title: String) -> String {
        var words = Normalization.nfc(title).lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while words.hasSuffix(".") { words.removeLast() }
        return words
    }
}
