public import LedgerStore
public import OfficeDomain

/// One directive as the office's list shows it: who leads it, its deadline in force and its
/// bucket as at a day.
public struct DirectiveListRow: Sendable {
    public var directiveID: String
    public var issuedOn: Day
    public var leadUnit: String
    public var deadline: Day?
    public var completedOn: Day?
    public var bucket: DirectiveBucket
}

/// The queries behind the pages that the report itself does not need: documents issued month
/// by month (the report page's chart) and the list of directives (the directives page).
public enum PageQuery {
    /// Documents issued in each month of `period` (cut to the period), counting events with seq ≤ `seq`.
    public static func issuedByMonth(_ db: Database, period: ReportPeriod, seq: Int64) throws
        -> [(month: Day, byCategory: [DocumentTypes.Category: Int])] {
        var out: [(month: Day, byCategory: [DocumentTypes.Category: Int])] = []
        var first = Day(year: period.from.year, month: period.from.month, day: 1)!
        try db.read {
            while first <= period.to {
                let last = first.endOfMonth
                let from = max(first, period.from), to = min(last, period.to)
                let documents = try ReportQuery.documents(db, from: from.description, to: to.description, seq: seq)
                out.append((month: first, byCategory: documents.byCategory))
                first = Day(daysSinceEpoch: last.daysSinceEpoch + 1)
            }
        }
        return out
    }

    /// The directives issued in `period` (seq ≤ `seq`), in issue order (the issue date, then the
    /// sequence number of the event that gave it), each with its bucket as at `asAt`; only those
    /// led by `unit` when given; at most `limit`, from the first after `after` (a keyset page:
    /// the index on (issued_on, seq) is entered at the key, never an offset). `next` is the last
    /// row's key when more rows follow.
    public static func directives(_ db: Database, period: ReportPeriod, seq: Int64, asAt: Day, unit: String?,
                                  after: DirectiveListKey? = nil, limit: Int)
        throws -> (rows: [DirectiveListRow], next: DirectiveListKey?) {
        let from = max(period.from, after?.issuedOn ?? period.from).description, to = period.to.description
        var rows: [DirectiveListRow] = []
        var histories: [DirectiveHistory] = []
        var index: [String: Int] = [:]
        var next: DirectiveListKey?
        var lastKey: DirectiveListKey?
        try db.read {
            let list = try db.prepare("""
                SELECT directive_id, issued_on, lead_unit, deadline, seq FROM p_directives
                WHERE issued_on BETWEEN ?1 AND ?2 AND seq <= ?3 AND (?4 IS NULL OR lead_unit = ?4)
                  AND (issued_on > ?5 OR (issued_on = ?5 AND seq > ?6))
                ORDER BY issued_on, seq
                """)
            try list.bind(from, at: 1); try list.bind(to, at: 2); try list.bind(seq, at: 3)
            if let unit { try list.bind(Normalization.nfc(unit), at: 4) } else { try list.bindNull(at: 4) }
            try list.bind(after?.issuedOn.description ?? "", at: 5); try list.bind(after?.seq ?? -1, at: 6)
            while try list.step() {
                guard rows.count < limit else { next = lastKey; break }
                guard let issued = list.withBytes(1, Day.init(utf8:)) else { continue }
                lastKey = DirectiveListKey(issuedOn: issued, seq: list.int64(4))
                index[list.text(0)] = rows.count
                let deadline = list.optionalText(3).flatMap(Day.init)
                histories.append(DirectiveHistory(issuedOn: issued, deadline: deadline))
                rows.append(DirectiveListRow(directiveID: list.text(0), issuedOn: issued, leadUnit: list.text(2),
                                             deadline: deadline, completedOn: nil, bucket: .inProgress))
            }
            guard let firstIssued = rows.first?.issuedOn, let lastIssued = rows.last?.issuedOn else { return }
            try foldDirectiveFacts(db, issuedFrom: firstIssued.description, to: lastIssued.description, seq: seq,
                                   index: index, into: &histories)
        }
        for i in rows.indices {
            rows[i].bucket = histories[i].bucket(asAt: asAt)
            rows[i].deadline = histories[i].deadline(asAt: asAt)
            rows[i].completedOn = histories[i].completedOn.flatMap { $0 <= asAt ? $0 : nil }
        }
        return (rows, next)
    }
}

/// Where a page of the directives list ends: the last row's issue date and the sequence number
/// of its DirectiveIssued event, written `2017-03-20.123` in a `next` link.
public struct DirectiveListKey: Sendable, Equatable, CustomStringConvertible {
    public var issuedOn: Day
    public var seq: Int64

    public init(issuedOn: Day, seq: Int64) {
        self.issuedOn = issuedOn
        self.seq = seq
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = Day(String(parts[0])), let seq = Int64(parts[1]), seq >= 0 else { return nil }
        self.init(issuedOn: day, seq: seq)
    }

    public var description: String { "\(issuedOn).\(seq)" }
}
