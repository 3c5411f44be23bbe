public import LedgerStore
public import OfficeDomain

/// The rules' view of the ledger, read from the read tables inside the append transaction
/// (so an event sees every event accepted before it, even in the same batch).
public final class SQLStateReader: OfficeStateReader {
    private let directiveStatement: Statement
    private let directiveFactsStatement: Statement
    private let itemStatement: Statement
    private let itemFactsStatement: Statement
    private let documentStatement: Statement
    private let recallStatement: Statement
    private let holderStatement: Statement
    private let accountStatement: Statement
    private let lastNumberStatement: Statement
    private let arrivalTakenStatement: Statement
    private let lastArrivalStatement: Statement
    private let receivedStatement: Statement
    private let incomingFactsStatement: Statement
    private let sameDocumentStatement: Statement

    public init(db: Database) throws(SQLiteError) {
        directiveStatement = try db.prepare("SELECT issued_on, deadline FROM p_directives WHERE directive_id = ?")
        directiveFactsStatement = try db.prepare("""
            SELECT kind, dated_on, value FROM p_directive_facts
            WHERE issued_on = ?1 AND directive_id = ?2 AND kind IN \(DirectiveUpdate.Kind.sqlList(.extended, .completed, .cancelled)) ORDER BY seq
            """)
        itemStatement = try db.prepare("SELECT year FROM p_programme_items WHERE item_id = ?")
        itemFactsStatement = try db.prepare("""
            SELECT kind, dated_on FROM p_programme_facts
            WHERE year = ?1 AND item_id = ?2 AND kind IN \(ProgrammeItemUpdate.Kind.sqlList(.approved, .withdrawn)) ORDER BY seq
            """)
        documentStatement = try db.prepare("SELECT issued_on FROM p_documents_issued WHERE symbol = ? AND year = ?")
        recallStatement = try db.prepare("""
            SELECT dated_on FROM p_document_amendments WHERE symbol = ? AND year = ? AND kind = \(DocumentAmended.Kind.recalled.sql) ORDER BY seq LIMIT 1
            """)
        accountStatement = try db.prepare("SELECT roles, disabled FROM p_accounts WHERE user = ?")
        holderStatement = try db.prepare("SELECT symbol, seq FROM p_documents_issued WHERE series = ? AND year = ? AND number = ?")
        lastNumberStatement = try db.prepare("SELECT max(number) FROM p_documents_issued WHERE series = ? AND year = ?")
        arrivalTakenStatement = try db.prepare("SELECT 1 FROM p_documents_received WHERE year = ? AND arrival_no = ?")
        lastArrivalStatement = try db.prepare("SELECT max(arrival_no) FROM p_documents_received WHERE year = ?")
        sameDocumentStatement = try db.prepare("""
            SELECT year, arrival_no FROM p_documents_received WHERE sender = ?1 AND number_symbol = ?2 AND document_year = ?3
            ORDER BY year, arrival_no
            """)
        receivedStatement = try db.prepare("SELECT received_on FROM p_documents_received WHERE year = ? AND arrival_no = ?")
        incomingFactsStatement = try db.prepare("""
            SELECT kind, dated_on, for_information FROM p_incoming_facts
            WHERE year = ?1 AND arrival_no = ?2 AND kind IN \(IncomingFactKind.sqlList(.assigned, .answered, .closed)) ORDER BY seq
            """)
    }

    public func directive(_ id: String) throws -> DirectiveState? {
        let s = directiveStatement
        defer { s.reset() }
        try s.bind(id, at: 1)
        guard try s.step(), let issuedOn = Day(s.text(0)) else { return nil }
        var state = DirectiveState(issuedOn: issuedOn, deadline: s.optionalText(1).flatMap(Day.init), completedOn: nil, cancelledOn: nil)
        let f = directiveFactsStatement
        defer { f.reset() }
        try f.bind(issuedOn.description, at: 1)
        try f.bind(id, at: 2)
        while try f.step() {
            let day = Day(f.text(1))
            switch DirectiveUpdate.Kind(rawValue: f.text(0)) {
            case .extended: state.deadline = f.optionalText(2).flatMap(Day.init)
            case .completed: state.completedOn = day
            case .cancelled: state.cancelledOn = day
            case .progress, nil: break   // not selected
            }
        }
        return state
    }

    public func programmeItem(_ id: String) throws -> ProgrammeItemState? {
        let s = itemStatement
        defer { s.reset() }
        try s.bind(id, at: 1)
        guard try s.step() else { return nil }
        var state = ProgrammeItemState(year: s.int(0), approvedOn: nil, withdrawnOn: nil)
        let f = itemFactsStatement
        defer { f.reset() }
        try f.bind(state.year, at: 1)
        try f.bind(id, at: 2)
        while try f.step() {
            switch ProgrammeItemUpdate.Kind(rawValue: f.text(0)) {
            case .approved: state.approvedOn = Day(f.text(1))
            case .withdrawn: state.withdrawnOn = Day(f.text(1))
            case .rescheduled, .submitted, nil: break   // not selected
            }
        }
        return state
    }

    public func issuedDocument(_ symbol: NumberSymbol, year: Int) throws -> IssuedDocumentState? {
        let s = documentStatement
        defer { s.reset() }
        try s.bind(symbol.description, at: 1)
        try s.bind(year, at: 2)
        guard try s.step(), let issuedOn = Day(s.text(0)) else { return nil }
        let r = recallStatement
        defer { r.reset() }
        try r.bind(symbol.description, at: 1)
        try r.bind(year, at: 2)
        let recalledOn = try r.step() ? Day(r.text(0)) : nil
        return IssuedDocumentState(issuedOn: issuedOn, recalledOn: recalledOn)
    }

    public func incoming(year: Int, arrivalNo: Int) throws -> IncomingState? {
        let s = receivedStatement
        defer { s.reset() }
        try s.bind(year, at: 1)
        try s.bind(arrivalNo, at: 2)
        guard try s.step(), let receivedOn = Day(s.text(0)) else { return nil }
        var state = IncomingState(receivedOn: receivedOn)
        let f = incomingFactsStatement
        defer { f.reset() }
        try f.bind(year, at: 1)
        try f.bind(arrivalNo, at: 2)
        while try f.step() {
            let day = Day(f.text(1))
            switch IncomingFactKind(rawValue: f.text(0)) {
            case .assigned:
                // The latest is in force: a later assignment is never dated before the one it replaces.
                state.assignedOn = day
                state.forInformation = f.int(2) != 0
            case .answered: state.answeredOn = day
            case .closed: state.closedOn = day
            case .progress, nil: break   // not selected
            }
        }
        return state
    }

    public func account(_ user: String) throws -> AccountState? {
        let s = accountStatement
        defer { s.reset() }
        try s.bind(user, at: 1)
        guard try s.step() else { return nil }
        return AccountState(roles: Role.set(s.text(0)), disabled: s.int(1) != 0)
    }

    /// The sequence number of the event that holds `number` in that series and year.
    public func seqHolding(series: String, year: Int, number: Int) throws -> Int64? {
        try holder(series: series, year: year, number: number)?.seq
    }

    public func documentHolding(series: String, year: Int, number: Int) throws -> String? {
        try holder(series: series, year: year, number: number)?.symbol
    }

    private func holder(series: String, year: Int, number: Int) throws -> (symbol: String, seq: Int64)? {
        let s = holderStatement
        defer { s.reset() }
        try s.bind(series, at: 1)
        try s.bind(year, at: 2)
        try s.bind(number, at: 3)
        return try s.step() ? (s.text(0), s.int64(1)) : nil
    }

    public func lastNumber(series: String, year: Int) throws -> Int {
        let s = lastNumberStatement
        defer { s.reset() }
        try s.bind(series, at: 1)
        try s.bind(year, at: 2)
        _ = try s.step()
        return s.int(0)
    }

    public func isArrivalNumberTaken(year: Int, number: Int) throws -> Bool {
        let s = arrivalTakenStatement
        defer { s.reset() }
        try s.bind(year, at: 1)
        try s.bind(number, at: 2)
        return try s.step()
    }

    public func arrivals(sender: String, numberSymbol: String, documentYear: Int) throws -> [(year: Int, arrivalNo: Int)] {
        let s = sameDocumentStatement
        defer { s.reset() }
        try s.bind(sender, at: 1)
        try s.bind(numberSymbol, at: 2)
        try s.bind(documentYear, at: 3)
        var out: [(year: Int, arrivalNo: Int)] = []
        while try s.step() { out.append((s.int(0), s.int(1))) }
        return out
    }

    public func lastArrivalNumber(year: Int) throws -> Int {
        let s = lastArrivalStatement
        defer { s.reset() }
        try s.bind(year, at: 1)
        _ = try s.step()
        return s.int(0)
    }
}
