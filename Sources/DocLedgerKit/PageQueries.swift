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

    /// Whether `text` is a key of the directives list's pages (`2017-03-20.123`).
    public static func isDirectivePageKey(_ text: String) -> Bool { DirectiveListKey(parsing: text) != nil }

    /// The directives issued in the request's period, each with its status as at `asAt`
    /// (`YYYY-MM-DD`; default the period's last day), only those led by `unit` when given, one
    /// page of at most `limit` after the key `after` (`2017-03-20.123`, a previous page's `next`).
    public func directiveList(_ request: ReportRequest, asAt: String? = nil, unit: String? = nil, after: String? = nil,
                              limit: Int = 100) throws -> (rows: [DirectiveListRow], next: String?, asAt: Day) {
        var day = request.period.to
        if let asAt {
            guard let given = Day(asAt) else { throw UsageProblem(field: "as_at", reason: "\"\(asAt)\" is not a date YYYY-MM-DD") }
            day = given
        }
        var key: DirectiveListKey?
        if let after {
            guard let given = DirectiveListKey(parsing: after) else {
                throw UsageProblem(field: "after", reason: "\"\(after)\" is not a page key such as 2017-03-20.123 (a next link's)")
            }
            key = given
        }
        guard limit >= 1 else { throw UsageProblem(field: "limit", reason: "must be at least 1") }
        return try door {
            let seq = try request.asOf.map { try log.lastSeq(recordedAtOrBefore: $0.description) } ?? .max
            let list = try PageQuery.directives(db, period: request.period, seq: seq, asAt: day, unit: unit, after: key, limit: limit)
            return (list.rows, list.next?.description, day)
        }
    }
}

/// The token a page's forms carry against cross-site requests: derived from the login's session
/// token (which a page of another site cannot read), so it needs no storage and ends with the session.
public enum FormToken {
    public static func forSession(_ token: String) -> String {
        hexString(SHA256.hash(Array(("docledger-form-token\u{0}" + token).utf8)))
    }

    /// The login form's token: the digest of the random value of the login page's cookie.
    public static func forLogin(_ cookie: String) -> String {
        hexString(SHA256.hash(Array(("docledger-login-token\u{0}" + cookie).utf8)))
    }
}
