import LedgerStore
public import OfficeDomain
public import OfficeProjections

extension Ledger {
    /// Documents issued in each month of the request's period, by category (the report page's chart).
    public func issuedByMonth(_ request: ReportRequest) throws -> [(month: Day, byCategory: [DocumentTypes.Category: Int])] {
        try door {
            let seq = try request.asOf.map { try log.lastSeq(recordedAtOrBefore: $0.description) } ?? .max
            return try PageQuery.issuedByMonth(db, period: request.period, seq: seq)
        }
    }

    /// The directives issued in the request's period, each with its status as at `asAt`
    /// (`YYYY-MM-DD`; default the period's last day), only those led by `unit` when given, at
    /// most `limit` (`more` says whether there are others).
    public func directiveList(_ request: ReportRequest, asAt: String? = nil, unit: String? = nil,
                              limit: Int = 500) throws -> (rows: [DirectiveListRow], more: Bool, asAt: Day) {
        var day = request.period.to
        if let asAt {
            guard let given = Day(asAt) else { throw UsageProblem(field: "as_at", reason: "\"\(asAt)\" is not a date YYYY-MM-DD") }
            day = given
        }
        return try door {
            let seq = try request.asOf.map { try log.lastSeq(recordedAtOrBefore: $0.description) } ?? .max
            let list = try PageQuery.directives(db, period: request.period, seq: seq, asAt: day, unit: unit, limit: limit)
            return (list.rows, list.more, day)
        }
    }
}

/// The token a page's forms carry against cross-site requests: derived from the login's session
/// token (which a page of another site cannot read), so it needs no storage and ends with the session.
public enum FormToken {
    public static func forSession(_ token: String) -> String {
        hexString(SHA256.hash(Array(("docledger-form-token\u{0}" + token).utf8)))
    }
}
