public import LedgerStore
public import OfficeDomain

/// Writes accepted events into the read tables (the inline projection), through prepared
/// statements. The rules of what a row means live in OfficeDomain; only the SQL lives here.
public final class OfficeProjector {
    public let db: Database
    /// The rules in force: a `SeriesConfigured` event (only ever the first) changes them for
    /// the events after it.
    public private(set) var rules: OfficeRules
    private let insertReceived: Statement
    private let insertIssued: Statement
    private let insertAmendment: Statement
    private let insertDirective: Statement
    private let insertDirectiveFact: Statement
    private let insertItem: Statement
    private let insertItemFact: Statement
    private let addCounts: Statement
    private let insertIncomingFact: Statement
    private let insertSubject: Statement
    private let upsertAccount: Statement
    private let accountRoles: Statement
    /// Documents per day counted since the last `flush`, written in one statement per row.
    private var pendingCounts: [CountKey: Tally] = [:]

    struct Tally {
        var count: Int
        var lastSeq: Int64
        init(_ count: Int, _ lastSeq: Int64) { self.count = count; self.lastSeq = lastSeq }
        mutating func add(_ seq: Int64) { count += 1; lastSeq = seq }
    }

    struct CountKey: Hashable {
        var register: CountRegister
        var day: String
        var docType: String
        var legalNormative: Bool
    }

    /// The read tables with their primary keys, in the order they are compared by
    /// `replay --check` and `verify` (which read both sides in key order, row by row).
    public static let tableKeys: [(table: String, key: String)] = [
        ("p_documents_received", "year, arrival_no"), ("p_documents_issued", "series, year, number"),
        ("p_document_amendments", "seq"), ("p_directives", "directive_id"), ("p_directive_facts", "issued_on, directive_id, seq"),
        ("p_programme_items", "item_id"), ("p_programme_facts", "year, item_id, seq"),
        ("p_document_counts", "register, day, doc_type, legal_normative"), ("p_accounts", "user"),
        ("p_incoming_facts", "year, arrival_no, seq"), ("p_subject_search", "rowid"),
    ]
    public static var tables: [String] { tableKeys.map(\.table) }

    /// True for a replay: a row the tables cannot take (a number or id already used, a fact
    /// about an unknown directive or item — only a damaged or forged log holds such events) is
    /// skipped instead of failing the fold, so that a replay never fails on an event in the log.
    public let lenient: Bool

    public init(db: Database, rules: OfficeRules, lenient: Bool = false) throws(SQLiteError) {
        self.db = db
        self.rules = rules
        self.lenient = lenient
        // `INSERT OR IGNORE` skips a row that breaks a UNIQUE or NOT NULL constraint.
        let INSERT = lenient ? "INSERT OR IGNORE" : "INSERT"
        insertReceived = try db.prepare("""
            \(INSERT) INTO p_documents_received (year, arrival_no, received_on, sender, number_symbol, doc_type, seq, document_year)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertIssued = try db.prepare("""
            \(INSERT) INTO p_documents_issued
                (year, series, number, symbol, doc_type, legal_normative, issued_on, subject, issuer, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertAmendment = try db.prepare("""
            \(INSERT) INTO p_document_amendments (seq, symbol, year, kind, dated_on, note) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertDirective = try db.prepare("""
            \(INSERT) INTO p_directives (directive_id, issued_on, lead_unit, deadline, source_document, seq)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertDirectiveFact = try db.prepare("""
            \(INSERT) INTO p_directive_facts (seq, directive_id, kind, dated_on, value, issued_on)
            VALUES (?1, ?2, ?3, ?4, ?5, (SELECT issued_on FROM p_directives WHERE directive_id = ?2))
            """)
        insertItem = try db.prepare("""
            \(INSERT) INTO p_programme_items (item_id, year, title, lead_unit, due, seq) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertItemFact = try db.prepare("""
            \(INSERT) INTO p_programme_facts (seq, item_id, kind, dated_on, value, year)
            VALUES (?1, ?2, ?3, ?4, ?5, (SELECT year FROM p_programme_items WHERE item_id = ?2))
            """)
        // Only about a document in the incoming register (a lenient replay of a forged log skips the rest).
        insertIncomingFact = try db.prepare("""
            \(INSERT) INTO p_incoming_facts (year, arrival_no, seq, kind, dated_on, unit, deadline, for_information, value)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
            WHERE EXISTS (SELECT 1 FROM p_documents_received WHERE year = ?1 AND arrival_no = ?2)
            """)
        insertSubject = try db.prepare("INSERT INTO p_subject_search (rowid, subject, seq) VALUES (?1, ?2, ?1)")
        upsertAccount = try db.prepare("""
            INSERT INTO p_accounts (user, name, roles, disabled, seq) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (user) DO UPDATE SET roles = ?3, disabled = ?4, seq = ?5
            """)
        accountRoles = try db.prepare("SELECT roles FROM p_accounts WHERE user = ?")
        addCounts = try db.prepare("""
            INSERT INTO p_document_counts (register, day, doc_type, legal_normative, count, last_seq)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT DO UPDATE SET count = count + excluded.count, last_seq = max(last_seq, excluded.last_seq)
            """)
    }

    private func count(_ register: CountRegister, day: Day, docType: String = "", legalNormative: Bool = false, seq: Int64) {
        let key = CountKey(register: register, day: day.description, docType: docType, legalNormative: legalNormative)
        pendingCounts[key, default: Tally(0, seq)].add(seq)
    }

    /// Writes the per-day counts gathered since the last flush. Called before every commit
    /// (`Ledger.commit`) and at the end of a replay: the counts are part of the same transaction.
    public func flush() throws(SQLiteError) {
        try writeSubjects()
        guard !pendingCounts.isEmpty else { return }
        let s = addCounts
        for (key, value) in pendingCounts {
            try s.bind(key.register.rawValue, at: 1)
            try s.bind(key.day, at: 2)
            try s.bind(key.docType, at: 3)
            try s.bind(key.legalNormative, at: 4)
            try s.bind(value.count, at: 5)
            try s.bind(value.lastSeq, at: 6)
            try s.run()
        }
        pendingCounts.removeAll(keepingCapacity: true)
    }

    /// Forgets the counts gathered since the last flush (their transaction was rolled back).
    public func discard() {
        pendingCounts.removeAll(keepingCapacity: true)
        pendingSubjects.removeAll(keepingCapacity: true)
    }

    /// Applies one accepted event (with its filled fields) to the read tables. False when a
    /// lenient projector skipped its row.
    @discardableResult
    public func apply(_ event: OfficeEvent, seq: Int64) throws(SQLiteError) -> Bool {
        switch event {
        case .documentReceived(let e):
            let s = insertReceived
            try s.bind(e.receivedOn.year, at: 1)
            try s.bind(e.arrivalNo ?? 0, at: 2)
            try s.bind(e.receivedOn.description, at: 3)
            try s.bind(e.sender, at: 4)
            try s.bind(e.numberSymbol, at: 5)
            try s.bind(e.docType, at: 6)
            try s.bind(seq, at: 7)
            try s.bind(e.documentYear, at: 8)
            guard try inserted(s) else { return false }
            try indexSubject(e.subject, seq: seq)
            count(.received, day: e.receivedOn, seq: seq)
        case .documentIssued(let e):
            let number = e.number ?? 0
            let s = insertIssued
            try s.bind(e.year, at: 1)
            try s.bind(rules.seriesOf(e), at: 2)
            try s.bind(number, at: 3)
            try s.bind(e.symbol(number: number).description, at: 4)
            try s.bind(e.docType, at: 5)
            try s.bind(e.legalNormative, at: 6)
            try s.bind(e.issuedOn.description, at: 7)
            try s.bind(e.subject, at: 8)
            try s.bind(e.issuer, at: 9)
            try s.bind(seq, at: 10)
            guard try inserted(s) else { return false }
            try indexSubject(e.subject, seq: seq)
            count(.issued, day: e.issuedOn, docType: e.docType, legalNormative: e.legalNormative, seq: seq)
        case .documentAmended(let e):
            let s = insertAmendment
            try s.bind(seq, at: 1)
            try s.bind(e.document.description, at: 2)
            try s.bind(e.year, at: 3)
            try s.bind(e.kind.rawValue, at: 4)
            try s.bind(e.datedOn.description, at: 5)
            try s.bind(e.note, at: 6)
            guard try inserted(s) else { return false }
            if e.kind == .recalled { count(.recalled, day: e.datedOn, seq: seq) }
        case .directiveIssued(let e):
            let s = insertDirective
            try s.bind(e.directiveID, at: 1)
            try s.bind(e.issuedOn.description, at: 2)
            try s.bind(e.leadUnit, at: 3)
            try s.bind(e.deadline?.description, at: 4)
            try s.bind(e.sourceDocument.map { DocumentKey(citing: $0, on: e.issuedOn).description }, at: 5)
            try s.bind(seq, at: 6)
            return try inserted(s)
        case .directiveUpdated(let e):
            let value: String?
            switch e.kind {
            case .extended: value = e.newDeadline?.description
            case .progress: value = e.unit
            case .completed: value = e.resultDocument.map { DocumentKey(citing: $0, on: e.datedOn).description }
            case .cancelled: value = nil
            }
            let s = insertDirectiveFact
            try s.bind(seq, at: 1)
            try s.bind(e.directiveID, at: 2)
            try s.bind(e.kind.rawValue, at: 3)
            try s.bind(e.datedOn.description, at: 4)
            try s.bind(value, at: 5)
            return try inserted(s)
        case .programmeItemRegistered(let e):
            let s = insertItem
            try s.bind(e.itemID, at: 1)
            try s.bind(e.year, at: 2)
            try s.bind(e.title, at: 3)
            try s.bind(e.leadUnit, at: 4)
            try s.bind(e.due.description, at: 5)
            try s.bind(seq, at: 6)
            return try inserted(s)
        case .incomingAssigned(let e):
            return try insertIncoming(year: e.year, arrivalNo: e.arrivalNo, seq: seq, kind: .assigned, on: e.assignedOn,
                                      unit: e.leadUnit, deadline: e.deadline, forInformation: e.forInformation)
        case .incomingUpdated(let e):
            let value = e.answerDocument.map { DocumentKey(symbol: $0, year: e.datedOn.year).description }
            return try insertIncoming(year: e.year, arrivalNo: e.arrivalNo, seq: seq, kind: IncomingFactKind(e.kind), on: e.datedOn,
                                      unit: e.kind == .progress ? e.unit : nil, value: value)
        case .accountCreated(let e):
            return try writeAccount(e.user, name: e.name, roles: Set(e.roles), disabled: false, seq: seq)
        case .accountChanged(let e):
            let s = accountRoles
            defer { s.reset() }
            try s.bind(e.user, at: 1)
            guard try s.step() else { return false }   // a lenient replay of a forged log
            var roles = Role.set(s.text(0))
            s.reset()
            if let role = e.role { if e.kind == .granted { roles.insert(role) } else { roles.remove(role) } }
            return try writeAccount(e.user, name: "", roles: roles, disabled: e.kind == .disabled, seq: seq)
        case .seriesConfigured(let e):
            rules = OfficeRules(series: e.series)
            try db.setSetting(OfficeRules.seriesSettingKey, to: e.series.encoded)
            return true
        case .checkpointSigned:
            // No read table: the Merkle tree it signs is kept beside the log, not folded here.
            return true
        case .programmeItemUpdated(let e):
            let value: String?
            switch e.kind {
            case .rescheduled: value = e.due?.description
            case .approved: value = e.decision.map { DocumentKey(citing: $0, on: e.datedOn).description }
            case .submitted: value = e.text
            case .withdrawn: value = nil
            }
            let s = insertItemFact
            try s.bind(seq, at: 1)
            try s.bind(e.itemID, at: 2)
            try s.bind(e.kind.rawValue, at: 3)
            try s.bind(e.datedOn.description, at: 4)
            try s.bind(value, at: 5)
            return try inserted(s)
        }
        return true
    }

    /// Writes one fact of an incoming document's workflow: false when a lenient projector
    /// skipped it, or the document is not in the register (only a forged log holds such a fact).
    private func insertIncoming(year: Int, arrivalNo: Int, seq: Int64, kind: IncomingFactKind, on day: Day, unit: String?,
                                deadline: Day? = nil, forInformation: Bool = false, value: String? = nil) throws(SQLiteError) -> Bool {
        let s = insertIncomingFact
        try s.bind(year, at: 1)
        try s.bind(arrivalNo, at: 2)
        try s.bind(seq, at: 3)
        try s.bind(kind.rawValue, at: 4)
        try s.bind(day.description, at: 5)
        try s.bind(unit, at: 6)
        try s.bind(deadline?.description, at: 7)
        try s.bind(forInformation, at: 8)
        try s.bind(value, at: 9)
        try s.run()
        return db.changes > 0
    }

    /// Subjects to index, written together by `flush` (or every 10.000). Not one by one:
    /// FTS5 writes its pending terms to disk whenever a statement opens a statement journal
    /// (xSavepoint), which every append's insert into `events` does, so rows written between
    /// appends made one tiny segment each and their merging cost more than the rest of an
    /// import (measured: 200.000 generated events, 10,8 s with them written one by one, 5,6 s
    /// without the search table at all).
    private var pendingSubjects: [(seq: Int64, subject: String)] = []

    /// Indexes a document's subject for the registers' search (after its row was written).
    private func indexSubject(_ subject: String, seq: Int64) throws(SQLiteError) {
        pendingSubjects.append((seq, SubjectSearch.folded(subject)))
        if pendingSubjects.count >= 10_000 { try writeSubjects() }
    }

    private func writeSubjects() throws(SQLiteError) {
        let s = insertSubject
        for (seq, subject) in pendingSubjects {
            try s.bind(seq, at: 1)
            try s.bind(subject, at: 2)
            try s.run()
        }
        pendingSubjects.removeAll(keepingCapacity: true)
    }

    /// Writes an account's row (the name only when it is created: an update keeps it).
    private func writeAccount(_ user: String, name: String, roles: Set<Role>, disabled: Bool, seq: Int64) throws(SQLiteError) -> Bool {
        let s = upsertAccount
        try s.bind(user, at: 1)
        try s.bind(name, at: 2)
        try s.bind(Role.text(roles), at: 3)
        try s.bind(disabled, at: 4)
        try s.bind(seq, at: 5)
        try s.run()
        return true
    }

    /// Sets the rules in force (after a rolled-back `SeriesConfigured`, the ones before it).
    public func use(_ rules: OfficeRules) {
        self.rules = rules
    }

    /// Runs an insert: true when it wrote its row (a lenient projector's may be skipped).
    private func inserted(_ s: Statement) throws(SQLiteError) -> Bool {
        try s.run()
        return !lenient || db.changes > 0
    }

    /// Drops every read table and recreates them empty from the schema. With `withoutIndexes`
    /// their secondary indexes are left out: filling a table and then indexing it is faster
    /// than keeping the indexes up to date row by row (`createIndexes` adds them back).
    public static func resetTables(_ db: Database, withoutIndexes: Bool = false) throws(SQLiteError) {
        for table in tables {
            try db.execute("DROP TABLE IF EXISTS \(table)")
        }
        try db.execute(LedgerFile.schemaSQL)
        guard withoutIndexes else { return }
        var indexes: [String] = []
        let list = try db.prepare("""
            SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name LIKE 'p\\_%' ESCAPE '\\'
            """)
        while try list.step() { indexes.append(list.text(0)) }
        for index in indexes { try db.execute("DROP INDEX \(index)") }
    }

    /// Creates whatever the schema names and the database lacks: the read tables' indexes
    /// after a fill without them.
    public static func createIndexes(_ db: Database) throws(SQLiteError) {
        // Each index is built by a sort that may take as much memory as the page cache, which
        // is full by now: halve the cache meanwhile (replay of 10M events: 157 MB peak → less).
        let cacheSize = try db.scalarInt("PRAGMA cache_size") ?? -2000
        _ = try db.scalarInt("PRAGMA cache_size = \(cacheSize / 2)")
        try db.execute(LedgerFile.schemaSQL)
        _ = try db.scalarInt("PRAGMA cache_size = \(cacheSize)")
    }
}
