import Testing
import OfficeDomain

private func day(_ text: String) -> Day {
    guard let d = Day(text) else { fatalError("bad test date \(text)") }
    return d
}

@Suite("Report periods")
struct ReportPeriodTests {
    @Test("every form parses to its inclusive first and last day", arguments: [
        ("2017-H1", "2017-01-01", "2017-06-30", ReportPeriod.Kind.half(1)),
        ("2017-H2", "2017-07-01", "2017-12-31", .half(2)),
        ("2017-Q1", "2017-01-01", "2017-03-31", .quarter(1)),
        ("2017-Q2", "2017-04-01", "2017-06-30", .quarter(2)),
        ("2017-Q3", "2017-07-01", "2017-09-30", .quarter(3)),
        ("2017-Q4", "2017-10-01", "2017-12-31", .quarter(4)),
        ("2017", "2017-01-01", "2017-12-31", .year),
        ("2017-01-01..2017-06-30", "2017-01-01", "2017-06-30", .range),
        ("2016-02-29..2016-02-29", "2016-02-29", "2016-02-29", .range),
        ("2016-12-15..2017-01-15", "2016-12-15", "2017-01-15", .range),
    ])
    func forms(text: String, from: String, to: String, kind: ReportPeriod.Kind) throws {
        let period = try ReportPeriod(parsing: text)
        #expect(period.from.description == from)
        #expect(period.to.description == to)
        #expect(period.kind == kind)
    }

    @Test("anything else is refused with a sentence saying what to write", arguments: [
        "2017-H3", "2017-H0", "2017-Q0", "2017-Q5", "2017-h1", "2017-q3", "17-H1", "H1-2017", "2017-H1-", "2017-H", "",
        "2017-02-30..2017-03-01", "2017-01-01..", "..2017-06-30", "2017-01-01...2017-06-30", "2017-01-01..2017-6-30",
        "0017", "2017-S1", "2017-H+",
    ])
    func refused(text: String) {
        #expect(throws: DomainError(field: "period", reason: "\"\(text)\" is not a period: write 2017-H1, 2017-H2, 2017-Q3, 2017, or 2017-01-01..2017-06-30")) {
            try ReportPeriod(parsing: text)
        }
    }

    @Test("a range whose first day is after its last is refused")
    func backwards() {
        #expect(throws: DomainError(field: "period", reason: "2017-06-30 is after 2017-01-01: the first day comes first")) {
            try ReportPeriod(parsing: "2017-06-30..2017-01-01")
        }
    }

    @Test("first and last day are in, the day before and the day after are out")
    func boundaries() throws {
        let h1 = try ReportPeriod(parsing: "2017-H1")
        #expect(h1.contains(day("2017-01-01")))
        #expect(h1.contains(day("2017-06-30")))
        #expect(!h1.contains(day("2016-12-31")))
        #expect(!h1.contains(day("2017-07-01")))
        let q3 = try ReportPeriod(parsing: "2017-Q3")
        #expect(q3.contains(day("2017-07-01")) && q3.contains(day("2017-09-30")))
        #expect(!q3.contains(day("2017-06-30")) && !q3.contains(day("2017-10-01")))
    }
}

@Suite("Percentages rounded half up to one decimal")
struct PercentTests {
    @Test("the seed's and the example's rates", arguments: [
        (19, 33, 576),   // 57.575… → 57.6 (the seed's 57,6%)
        (19, 60, 317),   // 31.666… → 31.7 (the seed's 31,7%)
        (18, 33, 545),   // 54.545… → 54.5 (the appendix: 18 approvals)
        (18, 52, 346),   // 34.615… → 34.6 (the appendix: 52 rows)
        (3, 7, 429),     // 42.857… → 42.9
        (3, 11, 273),    // 27.272… → 27.3
        (1, 3, 333), (2, 3, 667), (0, 5, 0), (5, 5, 1000), (7, 5, 1400),
    ])
    func rates(numerator: Int, denominator: Int, tenths: Int) {
        #expect(percentTenths(numerator, denominator) == tenths)
    }

    @Test("exactly half a tenth rounds up", arguments: [
        (1, 16, 63),     // 6.25 → 6.3
        (1, 80, 13),     // 1.25 → 1.3
        (3, 16, 188),    // 18.75 → 18.8
        (1, 2000, 1),    // 0.05 → 0.1
        (1, 400, 3),     // 0.25 → 0.3
    ])
    func halfUp(numerator: Int, denominator: Int, tenths: Int) {
        #expect(percentTenths(numerator, denominator) == tenths)
    }

    @Test("nil when dividing by zero")
    func zero() {
        #expect(percentTenths(0, 0) == nil)
        #expect(percentTenths(3, 0) == nil)
    }

    @Test("agrees with quotient-and-remainder rounding for every n ≤ d ≤ 120")
    func exhaustive() {
        for d in 1...120 {
            for n in 0...d {
                let (q, r) = (n * 1000).quotientAndRemainder(dividingBy: d)
                let expected = 2 * r >= d ? q + 1 : q
                #expect(percentTenths(n, d) == expected, "\(n)/\(d)")
            }
        }
    }
}

@Suite("Directive buckets as at a day")
struct DirectiveHistoryTests {
    func history(_ issued: String, deadline: String?, completed: String? = nil, cancelled: String? = nil,
                 extensions: [(String, String)] = []) -> DirectiveHistory {
        var h = DirectiveHistory(issuedOn: day(issued), deadline: deadline.map(day))
        h.completedOn = completed.map(day)
        h.cancelledOn = cancelled.map(day)
        h.extensions = extensions.map { (day($0.0), day($0.1)) }
        return h
    }

    @Test("not completed: in progress until the deadline, overdue from the day after it")
    func openDirective() {
        let h = history("2017-02-01", deadline: "2017-03-31")
        #expect(h.bucket(asAt: day("2017-03-30")) == .inProgress)
        #expect(h.bucket(asAt: day("2017-03-31")) == .inProgress)   // the deadline is not before the day
        #expect(h.bucket(asAt: day("2017-04-01")) == .overdue)
        #expect(history("2017-02-01", deadline: nil).bucket(asAt: day("2030-01-01")) == .inProgress)
    }

    @Test("completed on the deadline is on time, the day after is late, and completion after the day does not count")
    func completion() {
        #expect(history("2017-02-01", deadline: "2017-03-31", completed: "2017-03-31").bucket(asAt: day("2017-06-30")) == .completedOnTime)
        #expect(history("2017-02-01", deadline: "2017-03-31", completed: "2017-04-01").bucket(asAt: day("2017-06-30")) == .completedLate)
        #expect(history("2017-02-01", deadline: nil, completed: "2017-12-01").bucket(asAt: day("2017-12-31")) == .completedOnTime)
        let later = history("2017-05-01", deadline: "2017-05-15", completed: "2017-07-10")
        #expect(later.bucket(asAt: day("2017-06-30")) == .overdue)
        #expect(later.bucket(asAt: day("2017-07-10")) == .completedLate)
        let early = history("2017-05-01", deadline: "2017-07-15", completed: "2017-07-10")
        #expect(early.bucket(asAt: day("2017-06-30")) == .inProgress)
        #expect(early.bucket(asAt: day("2017-07-09")) == .inProgress)
        #expect(early.bucket(asAt: day("2017-07-10")) == .completedOnTime)
    }

    @Test("an extension counts only when dated on or before the day")
    func extensions() {
        // Deadline 31/3, extended on 30/3 to 30/4, completed 15/4: on time.
        let extended = history("2017-02-01", deadline: "2017-03-31", completed: "2017-04-15",
                               extensions: [("2017-03-30", "2017-04-30")])
        #expect(extended.bucket(asAt: day("2017-06-30")) == .completedOnTime)
        // Deadline 31/5, extended on 5/7 to 31/8: as at 30/6 the extension is not yet given.
        let lateExtension = history("2017-03-01", deadline: "2017-05-31", extensions: [("2017-07-05", "2017-08-31")])
        #expect(lateExtension.deadline(asAt: day("2017-06-30"))?.description == "2017-05-31")
        #expect(lateExtension.bucket(asAt: day("2017-06-30")) == .overdue)
        #expect(lateExtension.deadline(asAt: day("2017-07-05"))?.description == "2017-08-31")
        #expect(lateExtension.bucket(asAt: day("2017-07-31")) == .inProgress)
        #expect(lateExtension.bucket(asAt: day("2017-09-01")) == .overdue)
        // Two extensions: the last one dated on or before the day is in force.
        let twice = history("2017-01-10", deadline: "2017-02-28",
                            extensions: [("2017-02-20", "2017-03-31"), ("2017-03-25", "2017-04-30")])
        #expect(twice.deadline(asAt: day("2017-02-19"))?.description == "2017-02-28")
        #expect(twice.deadline(asAt: day("2017-03-01"))?.description == "2017-03-31")
        #expect(twice.deadline(asAt: day("2017-03-25"))?.description == "2017-04-30")
    }

    @Test("a cancellation on or before the day wins over everything; a later one does not count")
    func cancellation() {
        let h = history("2017-04-01", deadline: "2017-04-30", cancelled: "2017-06-30")
        #expect(h.bucket(asAt: day("2017-06-30")) == .cancelled)
        #expect(h.bucket(asAt: day("2017-06-29")) == .overdue)
        #expect(h.bucket(asAt: day("2017-04-15")) == .inProgress)
    }
}

@Suite("Programme items as at a day")
struct ProgrammeItemHistoryTests {
    func item(_ due: String) -> ProgrammeItemHistory {
        ProgrammeItemHistory(itemID: "X-1", title: "Đề án", leadUnit: "Sở Xây dựng", due: Due(due)!)
    }

    @Test("a reschedule counts from the day it is dated")
    func reschedules() throws {
        var i = item("Q1/2017")
        i.reschedules = [(day("2017-03-20"), Due("Q3/2017")!), (day("2017-07-01"), Due("Q4/2017")!)]
        #expect(i.due(asAt: day("2017-03-19")) == Due("Q1/2017"))
        #expect(i.due(asAt: day("2017-03-20")) == Due("Q3/2017"))
        #expect(i.due(asAt: day("2017-06-30")) == Due("Q3/2017"))
        #expect(i.due(asAt: day("2017-07-01")) == Due("Q4/2017"))
        #expect(!i.isDue(in: try ReportPeriod(parsing: "2017-H1")))
        #expect(!i.isDue(in: try ReportPeriod(parsing: "2017-Q3")))   // as at 30/9 it is due in Q4
        #expect(i.isDue(in: try ReportPeriod(parsing: "2017-Q4")))
        // Without the reschedule it would be due in Q1; as at 31/3 the reschedule of 20/3 moves it out.
        #expect(item("Q1/2017").isDue(in: try ReportPeriod(parsing: "2017-Q1")))
        #expect(!i.isDue(in: try ReportPeriod(parsing: "2017-Q1")))
    }

    @Test("due in the period when the due ends inside it (last day in)")
    func dueInPeriod() throws {
        let h1 = try ReportPeriod(parsing: "2017-H1")
        #expect(item("Q1/2017").isDue(in: h1))
        #expect(item("Q2/2017").isDue(in: h1))
        #expect(!item("Q3/2017").isDue(in: h1))
        #expect(!item("2017").isDue(in: h1))
        #expect(item("2017").isDue(in: try ReportPeriod(parsing: "2017")))
        #expect(!item("2017-2018").isDue(in: try ReportPeriod(parsing: "2017")))
        #expect(!item("Q1/2017").isDue(in: try ReportPeriod(parsing: "2017-04-01..2017-06-30")))
    }

    @Test("approved, withdrawn and overdue as at a day")
    func states() throws {
        var i = item("Q2/2017")
        #expect(!i.isOverdue(asAt: day("2017-06-29")))
        #expect(i.isOverdue(asAt: day("2017-06-30")))       // due ending on the day counts
        i.approvedOn = day("2017-07-01")
        #expect(i.isOverdue(asAt: day("2017-06-30")))
        #expect(!i.isOverdue(asAt: day("2017-07-01")))
        #expect(!i.isApproved(in: try ReportPeriod(parsing: "2017-H1")))
        #expect(i.isApproved(in: try ReportPeriod(parsing: "2017-H2")))
        i.withdrawnOn = day("2017-05-10")
        #expect(!i.isWithdrawn(asAt: day("2017-05-09")))
        #expect(i.isWithdrawn(asAt: day("2017-05-10")))
    }
}
