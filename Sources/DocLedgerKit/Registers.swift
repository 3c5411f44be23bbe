import LedgerStore
public import OfficeDomain
public import OfficeProjections

/// A register page as a front end asks for it (the CLI's options, the server's query string):
/// `from`/`to` as YYYY-MM-DD or a `period`, an optional doc type, unit and search words, the
/// key of the last row seen (`after`, as a page's `next` gives it) and a page size.
public struct RegisterRequest: Sendable, Equatable {
    public let filter: RegisterFilter
    /// The largest page a request may ask for.
    public static let maxLimit = 5_000

    /// Every argument is checked; a problem is a `UsageProblem` naming the field.
    public init(from: String, to: String, type: String? = nil, unit: String? = nil, q: String? = nil,
                after: String? = nil, limit: Int = 100) throws(UsageProblem) {
        guard let fromDay = Day(from) else { throw UsageProblem(field: "from", reason: "\"\(from)\" is not a date such as 2017-01-01") }
        guard let toDay = Day(to) else { throw UsageProblem(field: "to", reason: "\"\(to)\" is not a date such as 2017-06-30") }
        guard fromDay <= toDay else { throw UsageProblem(field: "to", reason: "\(toDay) is before from \(fromDay)") }
        try self.init(from: fromDay, to: toDay, type: type, unit: unit, q: q, after: after, limit: limit)
    }

    /// The same for a report period (`2017-H1`, `2017`, `2017-01-01..2017-03-31`).
    public init(period: String, type: String? = nil, unit: String? = nil, q: String? = nil,
                after: String? = nil, limit: Int = 100) throws(UsageProblem) {
        let parsed: ReportPeriod
        do { parsed = try ReportPeriod(parsing: period) } catch { throw UsageProblem(field: "period", reason: error.reason) }
        try self.init(from: parsed.from, to: parsed.to, type: type, unit: unit, q: q, after: after, limit: limit)
    }

    init(from: Day, to: Day, type: String?, unit: String?, q: String?, after: String?, limit: Int) throws(UsageProblem) {
        let type = type.map(Normalization.nfc)
        if let type, !DocumentTypes.isKnown(type) {
            throw UsageProblem(field: "type", reason: "unknown document type code \"\(type)\"")
        }
        if let unit, unit.isEmpty { throw UsageProblem(field: "unit", reason: "is empty") }
        if let q, SubjectSearch.query(q) == nil {
            throw UsageProblem(field: "q", reason: "has no word to search for")
        }
        var key: RegisterKey?
        if let after {
            guard let parsed = RegisterKey(after) else {
                throw UsageProblem(field: "after", reason: "\"\(after)\" is not a register key such as 2017:123 or 2017:UBND|QĐ+CT:41 (a page's next)")
            }
            key = parsed
        }
        guard (1...Self.maxLimit).contains(limit) else {
            throw UsageProblem(field: "limit", reason: "\(limit) is not between 1 and \(Self.maxLimit)")
        }
        filter = RegisterFilter(from: from, to: to, docType: type, unit: unit, search: q, after: key, limit: limit)
    }
}

extension Ledger {
    /// A page of the incoming register (sổ đăng ký văn bản đến), in arrival-number order.
    public func incomingRegister(_ request: RegisterRequest) throws -> RegisterPage<IncomingRegisterRow> {
        try door { try RegisterQuery.incoming(db, request.filter) }
    }

    /// A page of the outgoing register (sổ đăng ký văn bản đi), by year, series and number.
    public func outgoingRegister(_ request: RegisterRequest) throws -> RegisterPage<OutgoingRegisterRow> {
        try door { try RegisterQuery.outgoing(db, request.filter) }
    }

    /// An incoming document's workflow as the rules see it (nil when not in the register).
    public func incomingState(year: Int, arrivalNo: Int) throws -> IncomingState? {
        try door { try db.read { try SQLStateReader(db: db).incoming(year: year, arrivalNo: arrivalNo) } }
    }

    /// A page of the follow-up register (sổ theo dõi giải quyết văn bản đến), in arrival-number order.
    public func followUpRegister(_ request: RegisterRequest) throws -> RegisterPage<FollowUpRegisterRow> {
        try door { try RegisterQuery.followUp(db, request.filter) }
    }
}
