import LedgerJSON
import LedgerStore
import OfficeDomain
public import OfficeProjections

/// A report's period and optional as-of moment, as users type them (`2017-H1`, `2017-06-30`).
public struct ReportRequest: Sendable, Equatable {
    let period: ReportPeriod
    let asOf: Timestamp?

    /// `period`: 2017-H1, 2017-H2, 2017-Q3, 2017, or 2017-01-01..2017-06-30 (inclusive);
    /// `asOf`: an ISO 8601 time or date (a date means its last millisecond, UTC).
    public init(period: String, asOf: String? = nil) throws(UsageProblem) {
        do { self.period = try ReportPeriod(parsing: period) } catch { throw UsageProblem(field: "period", reason: error.reason) }
        guard let asOf else { self.asOf = nil; return }
        guard let stamp = Timestamp(parsing: asOf, dateMeansEndOfDay: true), stamp.isStorable else {
            throw UsageProblem(field: "as_of", reason: "\"\(asOf)\" is not an ISO 8601 date or time such as 2017-06-30 or 2017-06-30T17:00:00Z")
        }
        self.asOf = stamp
    }
}

/// A reconciliation and how many declared figures differ from the ledger's.
public struct ReconcileOutcome: Sendable {
    public let reconciliation: Reconciliation
    public var differences: Int { reconciliation.differences }
}

extension Ledger {
    /// The six-month review's figures for a period, counting only events recorded at or
    /// before the request's as-of moment.
    public func report(_ request: ReportRequest) throws -> OfficeReport {
        try door {
            // Events appended after the as-of lookup have later seqs, which the report leaves out.
            let seq = try request.asOf.map { try log.lastSeq(recordedAtOrBefore: $0.description) } ?? .max
            return try ReportQuery.run(db, period: request.period, throughSeq: seq, asOf: request.asOf?.description)
        }
    }

    /// Every event about one directive, programme item or document (`41/QĐ-UBND@2017`, or a
    /// stream name), oldest first, with the documents it links to.
    public func history(of id: String) throws -> SubjectHistory {
        try door { try HistoryQuery.run(db, id: Normalization.nfc(id)) }
    }

    /// Sets a written report's declared figures (`declared`: JSON in the report's shape, read
    /// from `source`) beside the ledger's, and lists what the ledger itself shows is doubtful.
    public func reconcile(_ request: ReportRequest, declared: [UInt8], source: String) throws -> ReconcileOutcome {
        let claims: JSONValue
        do { claims = try JSONParser.parse(declared) } catch {
            throw Rejected(message: "\(source): \(error.description)", field: "declared")
        }
        guard claims.objectValue != nil else {
            throw Rejected(message: "\(source): must be a JSON object shaped like the report", field: "declared")
        }
        let report = try self.report(request)
        return try door { ReconcileOutcome(reconciliation: try ReconciliationQuery.run(db, report: report, declared: claims)) }
    }
}
