import LedgerStore
import OfficeDomain

/// Writes accepted events into the read tables (the inline projection), through prepared
/// statements. The rules of what a row means live in OfficeDomain; only the SQL lives here.
public final class OfficeProjector {
    public let db: Database
    public let rules: OfficeRules
    private let insertReceived: Statement
    private let insertIssued: Statement
    private let insertAmendment: Statement
    private let insertDirective: Statement
    private let insertDirectiveFact: Statement
    private let insertItem: Statement
    private let insertItemFact: Statement

    /// The read tables, in the order they are compared by `replay --check` and `verify`.
    public static let tables = [
        "p_documents_received", "p_documents_issued", "p_document_amendments",
        "p_directives", "p_directive_facts", "p_programme_items", "p_programme_facts",
    ]

    public init(db: Database, rules: OfficeRules) throws(SQLiteError) {
        self.db = db
        self.rules = rules
        insertReceived = try db.prepare("""
            INSERT INTO p_documents_received (year, arrival_no, received_on, sender, number_symbol, doc_type, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insertIssued = try db.prepare("""
            INSERT INTO p_documents_issued
                (year, series, number, symbol, doc_type, legal_normative, issued_on, subject, issuer, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertAmendment = try db.prepare("""
            INSERT INTO p_document_amendments (seq, symbol, year, kind, dated_on, note) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertDirective = try db.prepare("""
            INSERT INTO p_directives (directive_id, issued_on, lead_unit, deadline, source_document, seq)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertDirectiveFact = try db.prepare("""
            INSERT INTO p_directive_facts (seq, directive_id, kind, dated_on, value) VALUES (?, ?, ?, ?, ?)
            """)
        insertItem = try db.prepare("""
            INSERT INTO p_programme_items (item_id, year, title, lead_unit, due, seq) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertItemFact = try db.prepare("""
            INSERT INTO p_programme_facts (seq, item_id, kind, dated_on, value) VALUES (?, ?, ?, ?, ?)
            """)
    }

    /// The key a document reference is stored under: `41/QĐ-UBND@2017`. A symbol without a
    /// year is taken in the year of the event that cites it.
    public static func documentKey(_ symbol: NumberSymbol, citedOn day: Day) -> String {
        "\(symbol)@\(symbol.year ?? day.year)"
    }

    /// Applies one accepted event (with its filled fields) to the read tables.
    public func apply(_ event: OfficeEvent, seq: Int64) throws(SQLiteError) {
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
            try s.run()
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
            try s.run()
        case .documentAmended(let e):
            let s = insertAmendment
            try s.bind(seq, at: 1)
            try s.bind(e.document.description, at: 2)
            try s.bind(e.year, at: 3)
            try s.bind(e.kind.rawValue, at: 4)
            try s.bind(e.datedOn.description, at: 5)
            try s.bind(e.note, at: 6)
            try s.run()
        case .directiveIssued(let e):
            let s = insertDirective
            try s.bind(e.directiveID, at: 1)
            try s.bind(e.issuedOn.description, at: 2)
            try s.bind(e.leadUnit, at: 3)
            try s.bind(e.deadline?.description, at: 4)
            try s.bind(e.sourceDocument.map { Self.documentKey($0, citedOn: e.issuedOn) }, at: 5)
            try s.bind(seq, at: 6)
            try s.run()
        case .directiveUpdated(let e):
            let value: String?
            switch e.kind {
            case .extended: value = e.newDeadline?.description
            case .progress: value = e.unit
            case .completed: value = e.resultDocument.map { Self.documentKey($0, citedOn: e.datedOn) }
            case .cancelled: value = nil
            }
            let s = insertDirectiveFact
            try s.bind(seq, at: 1)
            try s.bind(e.directiveID, at: 2)
            try s.bind(e.kind.rawValue, at: 3)
            try s.bind(e.datedOn.description, at: 4)
            try s.bind(value, at: 5)
            try s.run()
        case .programmeItemRegistered(let e):
            let s = insertItem
            try s.bind(e.itemID, at: 1)
            try s.bind(e.year, at: 2)
            try s.bind(e.title, at: 3)
            try s.bind(e.leadUnit, at: 4)
            try s.bind(e.due.description, at: 5)
            try s.bind(seq, at: 6)
            try s.run()
        case .programmeItemUpdated(let e):
            let value: String?
            switch e.kind {
            case .rescheduled: value = e.due?.description
            case .approved: value = e.decision.map { Self.documentKey($0, citedOn: e.datedOn) }
            case .submitted: value = e.text
            case .withdrawn: value = nil
            }
            let s = insertItemFact
            try s.bind(seq, at: 1)
            try s.bind(e.itemID, at: 2)
            try s.bind(e.kind.rawValue, at: 3)
            try s.bind(e.datedOn.description, at: 4)
            try s.bind(value, at: 5)
            try s.run()
        }
    }

    /// Drops every read table and recreates them empty from the schema.
    public static func resetTables(_ db: Database) throws(SQLiteError) {
        for table in tables {
            try db.execute("DROP TABLE IF EXISTS \(table)")
        }
        try db.execute(LedgerFile.schemaSQL)
    }
}
