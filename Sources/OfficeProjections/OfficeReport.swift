import LedgerJSON
public import LedgerStore
public import OfficeDomain

/// The figures of the six-month review for one period, as plain values.
public struct OfficeReport: Sendable {
    public struct Documents: Sendable {
        public var received = 0
        public var issued = 0
        public var recalledInPeriod = 0
        public var byCategory: [DocumentTypes.Category: Int] = [:]
        /// Issued per doc type code, sorted by code.
        public var byType: [(code: String, count: Int)] = []
    }

    public struct ProgrammeItemRow: Sendable {
        public var itemID: String
        public var title: String
        public var unit: String
        public var due: Due
        public var dueInPeriod: Bool
        public var approvedInPeriod: Bool
        public var overdue: Bool
        public var decision: String?
        public var approvedOn: Day?
    }

    public struct ProgrammeUnitRow: Sendable {
        public var unit: String
        public var total = 0
        public var dueInPeriod = 0
        public var approvedInPeriod = 0
        public var overdue = 0
    }

    public struct Programme: Sendable {
        public var year: Int
        public var total = 0
        public var dueInPeriod = 0
        public var approvedInPeriod = 0
        public var pctOfPeriodTargetTenths: Int?
        public var pctOfYearTenths: Int?
        public var items: [ProgrammeItemRow] = []
        public var byUnit: [ProgrammeUnitRow] = []
        public var overdueItems: [ProgrammeItemRow] { items.filter(\.overdue) }
    }

    public struct DirectiveUnitRow: Sendable {
        public var unit: String
        public var counts: [DirectiveBucket: Int] = [:]
        public var issued: Int { counts.values.reduce(0, +) }
    }

    public struct Directives: Sendable {
        public var counts: [DirectiveBucket: Int] = [:]
        public var byUnit: [DirectiveUnitRow] = []
        public var issued: Int { counts.values.reduce(0, +) }
    }

    public struct IncomingUnitRow: Sendable {
        public var unit: String
        public var forInformation = 0
        public var counts: [IncomingBucket: Int] = [:]
        /// The documents assigned to the unit, for information included.
        public var assigned: Int { forInformation + counts.values.reduce(0, +) }
    }

    /// The incoming documents received in the period and their handling as at `to`.
    public struct Incoming: Sendable {
        public var received = 0
        public var forInformation = 0
        public var unassigned = 0
        public var counts: [IncomingBucket: Int] = [:]
        /// Per lead unit of the assignment in force, sorted by the unit name's bytes.
        public var byUnit: [IncomingUnitRow] = []
        /// The documents with an assignment dated on or before `to`, for information included.
        public var assigned: Int { forInformation + counts.values.reduce(0, +) }
    }

    public var period: ReportPeriod
    public var asOf: String?
    public var asOfSeq: Int64
    public var documents = Documents()
    public var programme: Programme
    public var directives = Directives()
    public var incoming = Incoming()
}

/// Computes reports from the read tables. Every figure is a count of rows, each produced by
/// one event (its seq), so a figure can be traced back event by event.
public enum ReportQuery {
    /// The report for `period` counting only events with seq ≤ `throughSeq`.
    public static func run(_ db: Database, period: ReportPeriod, throughSeq: Int64, asOf: String?) throws -> OfficeReport {
        var report = OfficeReport(period: period, asOf: asOf, asOfSeq: throughSeq,
                                  programme: .init(year: period.from.year))
        let from = period.from.description, to = period.to.description
        try db.read {
            report.documents = try documents(db, from: from, to: to, seq: throughSeq)
            report.programme = try programme(db, period: period, seq: throughSeq)
            report.directives = try directives(db, period: period, seq: throughSeq)
            report.incoming = try incoming(db, period: period, seq: throughSeq, received: report.documents.received)
        }
        return report
    }

    /// Documents received, issued (by type) and recalled in the period, from the per-day
    /// counts. A count row holding an event after `seq` (a report as of an earlier moment) is
    /// replaced by counting that day's rows with seq ≤ `seq` one by one.
    static func documents(_ db: Database, from: String, to: String, seq: Int64) throws -> OfficeReport.Documents {
        var out = OfficeReport.Documents()
        let counts = try db.prepare("""
            SELECT doc_type, legal_normative, count, last_seq, day FROM p_document_counts
            WHERE register = ?1 AND day BETWEEN ?2 AND ?3
            """)
        let exact: [CountRegister: Statement] = [
            .received: try db.prepare("SELECT count(*) FROM p_documents_received WHERE received_on = ?1 AND seq <= ?2"),
            .issued: try db.prepare("""
                SELECT count(*) FROM p_documents_issued
                WHERE issued_on = ?1 AND seq <= ?2 AND doc_type = ?3 AND legal_normative = ?4
                """),
            .recalled: try db.prepare("""
                SELECT count(*) FROM p_document_amendments WHERE kind = \(DocumentAmended.Kind.recalled.sql) AND dated_on = ?1 AND seq <= ?2
                """),
        ]
        /// Calls `add` with (doc type, legal normative, count) of every count row of `register` in the period.
        func eachCount(_ register: CountRegister, _ add: (String, Bool, Int) -> Void) throws {
            try counts.bind(register.rawValue, at: 1); try counts.bind(from, at: 2); try counts.bind(to, at: 3)
            defer { counts.reset() }
            while try counts.step() {
                let docType = counts.text(0), legal = counts.int(1) != 0
                if counts.int64(3) <= seq {
                    add(docType, legal, counts.int(2))
                    continue
                }
                let s = exact[register]!
                defer { s.reset() }
                try s.bind(counts.text(4), at: 1); try s.bind(seq, at: 2)
                if register == .issued { try s.bind(docType, at: 3); try s.bind(legal, at: 4) }
                _ = try s.step()
                if s.int(0) > 0 { add(docType, legal, s.int(0)) }
            }
        }
        try eachCount(.received) { _, _, n in out.received += n }
        try eachCount(.recalled) { _, _, n in out.recalledInPeriod += n }
        var byType: [String: Int] = [:]
        for category in DocumentTypes.Category.allCases { out.byCategory[category] = 0 }
        try eachCount(.issued) { code, legal, n in
            out.issued += n
            byType[code, default: 0] += n
            out.byCategory[DocumentTypes.category(docType: code, legalNormative: legal), default: 0] += n
        }
        out.byType = byType.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { (code: $0.key, count: $0.value) }
        return out
    }

    /// Every programme item of `year` as known at seq, in registration order.
    public static func programmeItems(_ db: Database, year: Int, seq: Int64) throws -> [ProgrammeItemHistory] {
        let items = try db.prepare("""
            SELECT item_id, title, lead_unit, due FROM p_programme_items WHERE year = ?1 AND seq <= ?2 ORDER BY seq
            """)
        try items.bind(year, at: 1); try items.bind(seq, at: 2)
        var histories: [ProgrammeItemHistory] = []
        var index: [String: Int] = [:]
        while try items.step() {
            guard let due = Due(items.text(3)) else { continue }
            index[items.text(0)] = histories.count
            histories.append(ProgrammeItemHistory(itemID: items.text(0), title: items.text(1), leadUnit: items.text(2), due: due))
        }
        // One range of the table, item by item, each item's facts in seq order (a fact's seq is
        // after its item's, so seq ≤ `seq` leaves out facts of items registered later too).
        let facts = try db.prepare("""
            SELECT item_id, kind, dated_on, value FROM p_programme_facts
            WHERE year = ?1 AND seq <= ?2 ORDER BY year, item_id, seq
            """)
        try facts.bind(year, at: 1); try facts.bind(seq, at: 2)
        var owner = OwnerLookup(index: index)
        while try facts.step() {
            guard let i = owner.index(of: facts), let day = facts.withBytes(2, Day.init(utf8:)) else { continue }
            switch ProgrammeItemUpdate.Kind(rawValue: facts.text(1)) {
            case .rescheduled: if let due = facts.optionalText(3).flatMap(Due.init) { histories[i].reschedules.append((day, due)) }
            case .approved: histories[i].approvedOn = day; histories[i].decision = facts.optionalText(3)
            case .withdrawn: histories[i].withdrawnOn = day
            case .submitted, nil: break
            }
        }
        return histories
    }

    static func programme(_ db: Database, period: ReportPeriod, seq: Int64) throws -> OfficeReport.Programme {
        var out = OfficeReport.Programme(year: period.from.year)
        // Names are stored NFC: keyed by their bytes, not re-normalised at every lookup.
        var unitIndex: [UTF8Key: Int] = [:]
        for item in try programmeItems(db, year: period.from.year, seq: seq) where !item.isWithdrawn(asAt: period.to) {
            let row = OfficeReport.ProgrammeItemRow(
                itemID: item.itemID, title: item.title, unit: item.leadUnit, due: item.due(asAt: period.to),
                dueInPeriod: item.isDue(in: period), approvedInPeriod: item.isApproved(in: period),
                overdue: item.isOverdue(asAt: period.to), decision: item.decision, approvedOn: item.approvedOn)
            out.items.append(row)
            out.total += 1
            if row.dueInPeriod { out.dueInPeriod += 1 }
            if row.approvedInPeriod { out.approvedInPeriod += 1 }
            let u = unitIndex[UTF8Key(row.unit)] ?? {
                unitIndex[UTF8Key(row.unit)] = out.byUnit.count
                out.byUnit.append(.init(unit: row.unit))
                return out.byUnit.count - 1
            }()
            out.byUnit[u].total += 1
            if row.dueInPeriod { out.byUnit[u].dueInPeriod += 1 }
            if row.approvedInPeriod { out.byUnit[u].approvedInPeriod += 1 }
            if row.overdue { out.byUnit[u].overdue += 1 }
        }
        out.pctOfPeriodTargetTenths = percentTenths(out.approvedInPeriod, out.dueInPeriod)
        out.pctOfYearTenths = percentTenths(out.approvedInPeriod, out.total)
        return out
    }

    static func directives(_ db: Database, period: ReportPeriod, seq: Int64) throws -> OfficeReport.Directives {
        let from = period.from.description, to = period.to.description
        let list = try db.prepare("""
            SELECT directive_id, issued_on, lead_unit, deadline FROM p_directives
            WHERE issued_on BETWEEN ?1 AND ?2 AND seq <= ?3 ORDER BY seq
            """)
        try list.bind(from, at: 1); try list.bind(to, at: 2); try list.bind(seq, at: 3)
        var histories: [DirectiveHistory] = []
        var units: [String] = []
        var index: [String: Int] = [:]
        while try list.step() {
            guard let issued = list.withBytes(1, Day.init(utf8:)) else { continue }
            index[list.text(0)] = histories.count
            histories.append(DirectiveHistory(issuedOn: issued, deadline: list.optionalText(3).flatMap(Day.init)))
            units.append(list.text(2))
        }
        // One range of the table, directive by directive, each one's facts in seq order.
        try foldDirectiveFacts(db, issuedFrom: from, to: to, seq: seq, index: index, into: &histories)
        var out = OfficeReport.Directives()
        for bucket in DirectiveBucket.allCases { out.counts[bucket] = 0 }
        // Names are stored NFC: keyed by their bytes, not re-normalised at every lookup.
        var unitIndex: [UTF8Key: Int] = [:]
        for (i, history) in histories.enumerated() {
            let bucket = history.bucket(asAt: period.to)
            out.counts[bucket, default: 0] += 1
            let u = unitIndex[UTF8Key(units[i])] ?? {
                unitIndex[UTF8Key(units[i])] = out.byUnit.count
                var row = OfficeReport.DirectiveUnitRow(unit: units[i])
                for b in DirectiveBucket.allCases { row.counts[b] = 0 }
                out.byUnit.append(row)
                return out.byUnit.count - 1
            }()
            out.byUnit[u].counts[bucket, default: 0] += 1
        }
        return out
    }
}

extension ReportQuery {
    /// The incoming documents received in the period with an assignment, each where it stands
    /// as at `to`; the rest of `received` (the period's count) is unassigned. Only the documents
    /// with workflow facts are read: one range of the facts table per year of the period.
    static func incoming(_ db: Database, period: ReportPeriod, seq: Int64, received: Int) throws -> OfficeReport.Incoming {
        let facts = try db.prepare("""
            SELECT f.year, f.arrival_no, f.kind, f.dated_on, f.unit, f.deadline, f.for_information, f.seq
            FROM p_incoming_facts f JOIN p_documents_received r ON r.year = f.year AND r.arrival_no = f.arrival_no
            WHERE f.year BETWEEN ?1 AND ?2 AND f.seq <= ?3 AND f.kind != \(IncomingFactKind.progress.sql)
              AND r.received_on BETWEEN ?4 AND ?5 AND r.seq <= ?3
            ORDER BY f.year, f.arrival_no, f.seq
            """)
        try facts.bind(period.from.year, at: 1); try facts.bind(period.to.year, at: 2); try facts.bind(seq, at: 3)
        try facts.bind(period.from.description, at: 4); try facts.bind(period.to.description, at: 5)
        var histories: [IncomingHistory] = []
        var current: (year: Int, arrivalNo: Int)?
        while try facts.step() {
            let year = facts.int(0), arrivalNo = facts.int(1)
            if current?.year != year || current?.arrivalNo != arrivalNo {
                histories.append(IncomingHistory())
                current = (year, arrivalNo)
            }
            guard let day = facts.withBytes(3, Day.init(utf8:)) else { continue }
            switch IncomingFactKind(rawValue: facts.text(2)) {
            case .assigned:
                histories[histories.count - 1].assignments.append(.init(
                    assignedOn: day, seq: facts.int64(7), leadUnit: facts.text(4),
                    deadline: facts.optionalText(5).flatMap(Day.init), forInformation: facts.int(6) != 0))
            case .answered, .closed:
                if histories[histories.count - 1].settledOn == nil { histories[histories.count - 1].settledOn = day }
            case .progress, nil:
                break
            }
        }
        var out = OfficeReport.Incoming()
        out.received = received
        for bucket in IncomingBucket.allCases { out.counts[bucket] = 0 }
        var units: [UTF8Key: OfficeReport.IncomingUnitRow] = [:]
        for history in histories {
            let standing = history.standing(asAt: period.to)
            guard let unit = history.assignment(asAt: period.to)?.leadUnit else { continue }
            var row = units[UTF8Key(unit)] ?? {
                var row = OfficeReport.IncomingUnitRow(unit: unit)
                for bucket in IncomingBucket.allCases { row.counts[bucket] = 0 }
                return row
            }()
            switch standing {
            case .unassigned: continue
            case .forInformation: out.forInformation += 1; row.forInformation += 1
            case .bucket(let b): out.counts[b, default: 0] += 1; row.counts[b, default: 0] += 1
            }
            units[UTF8Key(unit)] = row
        }
        out.unassigned = received - out.assigned
        out.byUnit = units.values.sorted { Array($0.unit.utf8).lexicographicallyPrecedes(Array($1.unit.utf8)) }
        return out
    }
}

/// The position of a fact's directive or item (column 0 of the row) among those listed, for
/// facts read in key order: looked up once per run of rows with the same id.
/// Folds the extensions, completions and cancellations of the directives issued in [from, to]
/// (as of `seq`) into their histories (`index`: directive id → position): one range of
/// `p_directive_facts`, clustered by issue date. Shared by the report and the directives page.
func foldDirectiveFacts(_ db: Database, issuedFrom from: String, to: String, seq: Int64, index: [String: Int],
                        into histories: inout [DirectiveHistory]) throws {
    let facts = try db.prepare("""
        SELECT directive_id, kind, dated_on, value FROM p_directive_facts
        WHERE issued_on BETWEEN ?1 AND ?2 AND seq <= ?3 AND kind != \(DirectiveUpdate.Kind.progress.sql)
        ORDER BY issued_on, directive_id, seq
        """)
    try facts.bind(from, at: 1); try facts.bind(to, at: 2); try facts.bind(seq, at: 3)
    var owner = OwnerLookup(index: index)
    while try facts.step() {
        guard let i = owner.index(of: facts), let day = facts.withBytes(2, Day.init(utf8:)) else { continue }
        switch DirectiveUpdate.Kind(rawValue: facts.text(1)) {
        case .extended: if let d = facts.optionalText(3).flatMap(Day.init) { histories[i].extensions.append((day, d)) }
        case .completed: histories[i].completedOn = day
        case .cancelled: histories[i].cancelledOn = day
        case .progress, nil: break
        }
    }
}

struct OwnerLookup {
    let index: [String: Int]
    private var id: [UInt8] = []
    private var position: Int?

    init(index: [String: Int]) { self.index = index }

    mutating func index(of row: Statement) -> Int? {
        if !row.withBytes(0, { $0.elementsEqual(id) }) {
            id = row.withBytes(0) { Array($0) }
            position = index[row.text(0)]
        }
        return position
    }
}
