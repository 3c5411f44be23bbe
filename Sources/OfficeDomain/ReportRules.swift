/// A report period: inclusive from/to days, and how the report names it.
public struct ReportPeriod: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case half(Int), quarter(Int), year, range }
    public let from: Day
    public let to: Day
    public let kind: Kind

    public init(from: Day, to: Day, kind: Kind = .range) {
        self.from = from
        self.to = to
        self.kind = kind
    }

    /// Parses `2017-H1`, `2017-H2`, `2017-Q3`, `2017`, or `2017-01-01..2017-06-30`.
    public init(parsing text: String) throws(DomainError) {
        let bad = DomainError(field: "period", reason: "\"\(text)\" is not a period: write 2017-H1, 2017-H2, 2017-Q3, 2017, or 2017-01-01..2017-06-30")
        if let range = text.firstRange(of: "..") {
            guard let from = Day(String(text[..<range.lowerBound])), let to = Day(String(text[range.upperBound...])) else { throw bad }
            guard from <= to else {
                throw DomainError(field: "period", reason: "\(from) is after \(to): the first day comes first")
            }
            self.init(from: from, to: to, kind: .range)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText), (1900...9999).contains(year) else { throw bad }
        if parts.count == 1 {
            self.init(from: Day(year: year, month: 1, day: 1)!, to: Day(year: year, month: 12, day: 31)!, kind: .year)
            return
        }
        guard parts.count == 2, parts[1].count == 2, let n = Int(parts[1].dropFirst()) else { throw bad }
        switch parts[1].first {
        case "H" where (1...2).contains(n):
            let start = Day(year: year, month: n == 1 ? 1 : 7, day: 1)!
            self.init(from: start, to: Day(year: year, month: n == 1 ? 6 : 12, day: n == 1 ? 30 : 31)!, kind: .half(n))
        case "Q" where (1...4).contains(n):
            let due = Due.quarter(n, year: year)
            self.init(from: Day(year: year, month: n * 3 - 2, day: 1)!, to: due.end, kind: .quarter(n))
        default:
            throw bad
        }
    }

    public func contains(_ day: Day) -> Bool { from <= day && day <= to }
}

/// The four-way partition of directives used by task-tracking reports, plus cancellations.
public enum DirectiveBucket: String, CaseIterable, Sendable {
    case completedOnTime = "completed_on_time"
    case completedLate = "completed_late"
    case inProgress = "in_progress"
    case overdue
    case cancelled
}

/// A directive's life as known at some seq, for bucketing.
public struct DirectiveHistory: Sendable {
    public var issuedOn: Day
    public var deadline: Day?
    /// (dated_on, new deadline) in the order recorded.
    public var extensions: [(Day, Day)] = []
    public var completedOn: Day?
    public var cancelledOn: Day?

    public init(issuedOn: Day, deadline: Day?) {
        self.issuedOn = issuedOn
        self.deadline = deadline
    }

    /// The deadline in force at `day`: the last extension dated on or before it, else the original.
    public func deadline(asAt day: Day) -> Day? {
        extensions.last(where: { $0.0 <= day })?.1 ?? deadline
    }

    /// Which bucket the directive is in as at `day`.
    public func bucket(asAt day: Day) -> DirectiveBucket {
        if let cancelled = cancelledOn, cancelled <= day { return .cancelled }
        let deadline = deadline(asAt: day)
        if let completed = completedOn, completed <= day {
            if let deadline, completed > deadline { return .completedLate }
            return .completedOnTime
        }
        if let deadline, deadline < day { return .overdue }
        return .inProgress
    }
}

/// A programme item's life as known at some seq, for the programme figures.
public struct ProgrammeItemHistory: Sendable {
    public var itemID: String
    public var title: String
    public var leadUnit: String
    public var due: Due
    /// (dated_on, new due) in the order recorded.
    public var reschedules: [(Day, Due)] = []
    public var approvedOn: Day?
    public var decision: String?
    public var withdrawnOn: Day?

    public init(itemID: String, title: String, leadUnit: String, due: Due) {
        self.itemID = itemID
        self.title = title
        self.leadUnit = leadUnit
        self.due = due
    }

    public func due(asAt day: Day) -> Due { reschedules.last(where: { $0.0 <= day })?.1 ?? due }
    public func isWithdrawn(asAt day: Day) -> Bool { withdrawnOn.map { $0 <= day } ?? false }
    public func isDue(in period: ReportPeriod) -> Bool { period.contains(due(asAt: period.to).end) }
    public func isApproved(in period: ReportPeriod) -> Bool { approvedOn.map(period.contains) ?? false }
    public func isOverdue(asAt day: Day) -> Bool {
        due(asAt: day).end <= day && !(approvedOn.map { $0 <= day } ?? false)
    }
}

/// `numerator / denominator × 100`, rounded half up to one decimal, as tenths (576 = 57,6%).
/// Nil when the denominator is zero.
public func percentTenths(_ numerator: Int, _ denominator: Int) -> Int? {
    guard denominator > 0 else { return nil }
    return (numerator * 2000 + denominator) / (2 * denominator)
}

/// The buckets of the incoming documents to handle (the report's fourth section).
public enum IncomingBucket: String, CaseIterable, Sendable {
    case answeredOnTime = "answered_on_time"
    case answeredLate = "answered_late"
    case overdue
    case inProgress = "in_progress"
}

/// Where an incoming document stands as at a day: not assigned, for information only, or in
/// one bucket.
public enum IncomingStanding: Equatable, Sendable {
    case unassigned
    case forInformation
    case bucket(IncomingBucket)
}

/// An incoming document's workflow as known at some seq, for bucketing.
public struct IncomingHistory: Sendable {
    public struct Assignment: Sendable {
        public var assignedOn: Day
        public var seq: Int64
        public var leadUnit: String
        public var deadline: Day?
        public var forInformation: Bool
        public init(assignedOn: Day, seq: Int64, leadUnit: String, deadline: Day?, forInformation: Bool) {
            self.assignedOn = assignedOn
            self.seq = seq
            self.leadUnit = leadUnit
            self.deadline = deadline
            self.forInformation = forInformation
        }
    }

    public var assignments: [Assignment] = []
    /// The day it was answered or closed (whichever came: the rules allow only one).
    public var settledOn: Day?

    public init() {}

    /// The assignment in force at `day`: of those dated on or before it, the greatest
    /// assigned_on, then the greatest seq.
    public func assignment(asAt day: Day) -> Assignment? {
        var best: Assignment?
        for a in assignments where a.assignedOn <= day {
            if let b = best, (b.assignedOn, b.seq) > (a.assignedOn, a.seq) { continue }
            best = a
        }
        return best
    }

    /// Where the document stands at `day`: answered or closed on or before `day` is on time
    /// when on or before the deadline in force (or with none), else late; open, it is overdue
    /// when that deadline is before `day`, else in progress.
    public func standing(asAt day: Day) -> IncomingStanding {
        guard let a = assignment(asAt: day) else { return .unassigned }
        if a.forInformation { return .forInformation }
        if let settled = settledOn, settled <= day {
            if let deadline = a.deadline, settled > deadline { return .bucket(.answeredLate) }
            return .bucket(.answeredOnTime)
        }
        if let deadline = a.deadline, deadline < day { return .bucket(.overdue) }
        return .bucket(.inProgress)
    }
}
