import Testing
@testable import DocLedgerKit
import LedgerJSON
import OfficeDomain
import OfficeProjections
import ReportRendering

private let unitX = "Sở Xây dựng"
private let unitY = "Sở Tư pháp"

/// The 2017 work programme (and one 2016 item), all registered on 2016-12-30; later facts recorded on
/// the day they are dated. Unit X = Sở Xây dựng, unit Y = Sở Tư pháp (P11 spelt in NFD).
///
///   item  unit  due        later facts                                         as at 30/6 (H1)
///   P1    X     Q1/2017    approved 2017-03-15                                 due, approved
///   P2    X     Q2/2017    submitted 2017-04-10                                due (last day of P), overdue
///   P3    X     Q3/2017    approved 2017-06-30                                 approved (last day of P), not due
///   P4    Y     Q1/2017    rescheduled on 03-20 to Q3/2017                     not due (reschedule counts)
///   P5    Y     Q2/2017    rescheduled on 07-01 to Q4/2017                     due, overdue (reschedule after to)
///   P6    Y     Q2/2017    withdrawn 2017-06-30                                not counted at all (withdrawn on to)
///   P7    Y     Q2/2017    withdrawn 2017-07-01                                counted: due, overdue (withdrawn after to)
///   P8    X     2017       —                                                   not due (ends 31/12)
///   P9    X     2017-2018  —                                                   not due (ends 31/12/2018)
///   P10   Y     Q1/2017    approved 2017-07-01                                 due, overdue (approved the day after)
///   P11   Y*    Q2/2017    approved 2017-01-01                                 due, approved (first day of P)
///   P12   X     2016 (programme year 2016)                                     not in the 2017 programme
///   P13   X     Q1/2017    approved 2016-12-31                                 due, not approved in P, not overdue
///
/// H1 by hand: total 11 (all 2017 items but P6); due 7 (P1, P2, P5, P7, P10, P11, P13); approved 3
/// (P1, P3, P11); 3/7 = 42.857… → 42.9; 3/11 = 27.27… → 27.3; overdue 4 (P2, P5, P7, P10).
///   X: total 6 (P1 P2 P3 P8 P9 P13), due 3 (P1 P2 P13), approved 2 (P1 P3), overdue 1 (P2).
///   Y: total 5 (P4 P5 P7 P10 P11), due 4 (P5 P7 P10 P11), approved 1 (P11), overdue 3 (P5 P7 P10).
/// Q3 (as at 30/9): total 10 (P7 now withdrawn); due 2 (P3, P4 — P5 moved to Q4); approved 1 (P10);
/// 1/2 → 50.0; 1/10 → 10.0; overdue 2 (P2, P4).
/// January 2017 (2017-01-01..2017-01-31): total 12 (no withdrawal yet); due 0 → target rate null;
/// approved 1 (P11); 1/12 = 8.33… → 8.3; overdue 0.
/// 2016: total 1 (P12), due 1, approved 0, rates 0.0 and 0.0, overdue 1.
/// H1 as of the end of 19/3 (before the reschedule of P4, the withdrawal of P6, the approval of P3):
/// total 12; due 9 (P1 P2 P4 P5 P6 P7 P10 P11 P13); approved 2 (P1, P11); 2/9 → 22.2; 2/12 → 16.7;
/// overdue 6 (P2 P4 P5 P6 P7 P10).
func programmeEvents() -> [String] {
    var lines: [String] = []
    let items: [(String, String, String, Int)] = [
        ("P1", unitX, "Q1/2017", 2017), ("P2", unitX, "Q2/2017", 2017), ("P3", unitX, "Q3/2017", 2017),
        ("P4", unitY, "Q1/2017", 2017), ("P5", unitY, "Q2/2017", 2017), ("P6", unitY, "Q2/2017", 2017),
        ("P7", unitY, "Q2/2017", 2017), ("P8", unitX, "2017", 2017), ("P9", unitX, "2017-2018", 2017),
        ("P10", unitY, "Q1/2017", 2017), ("P11", nfd(unitY), "Q2/2017", 2017), ("P12", unitX, "2016", 2016),
        ("P13", unitX, "Q1/2017", 2017),
    ]
    for (n, (id, unit, due, year)) in items.enumerated() {
        lines.append(line("ProgrammeItemRegistered", ["item_id": .string(id), "year": .int(Int64(year)), "title": .string("Đề án \(id)"),
                                                      "lead_unit": .string(unit), "due": .string(due)], at: at("2016-12-30", n)))
    }
    func approved(_ id: String, _ day: String, _ n: Int, _ decision: String) -> String {
        line("ProgrammeItemApproved", ["item_id": .string(id), "approved_on": .string(day), "decision": .string(decision)], at: at(day, n))
    }
    func rescheduled(_ id: String, _ day: String, _ n: Int, _ due: String) -> String {
        line("ProgrammeItemRescheduled", ["item_id": .string(id), "rescheduled_on": .string(day), "due": .string(due),
                                          "reason": "Chờ hướng dẫn của bộ"], at: at(day, n))
    }
    func withdrawn(_ id: String, _ day: String, _ n: Int) -> String {
        line("ProgrammeItemWithdrawn", ["item_id": .string(id), "withdrawn_on": .string(day), "reason": "Không còn phù hợp"], at: at(day, n))
    }
    lines += [
        approved("P13", "2016-12-31", 0, "500/QĐ-UBND"),
        approved("P11", "2017-01-01", 0, "1/QĐ-UBND"),
        approved("P1", "2017-03-15", 0, "41/QĐ-UBND"),
        rescheduled("P4", "2017-03-20", 0, "Q3/2017"),
        line("ProgrammeItemSubmitted", ["item_id": "P2", "submitted_on": "2017-04-10", "submission": "Tờ trình 12/TTr-SXD"],
             at: at("2017-04-10")),
        approved("P3", "2017-06-30", 0, "700/QĐ-UBND"),
        withdrawn("P6", "2017-06-30", 1),
        rescheduled("P5", "2017-07-01", 0, "Q4/2017"),
        withdrawn("P7", "2017-07-01", 1),
        approved("P10", "2017-07-01", 2, "701/QĐ-UBND"),
    ]
    return lines
}

private func unitRow(_ unit: String, total: Int64, due: Int64, approved: Int64, overdue: Int64) -> JSONValue {
    .object(["unit": .string(unit), "total": .int(total), "due_in_period": .int(due), "approved_in_period": .int(approved),
             "overdue": .int(overdue)])
}

private func overdueItem(_ id: String, _ unit: String, _ due: String) -> JSONValue {
    .object(["item_id": .string(id), "title": .string("Đề án \(id)"), "unit": .string(unit), "due": .string(due)])
}

@Suite("Report: the annual work programme")
struct ProgrammeReportTests {
    @Test("first half of 2017: reschedules and withdrawals dated on or before to count, after it do not; approvals at the edges")
    func firstHalf() throws {
        let t = try TestLedger()
        try t.given(programmeEvents())
        let report = try t.report("2017-H1")
        let expected: JSONValue = .object([
            "year": 2017, "total": 11, "due_in_period": 7, "approved_in_period": 3,
            "pct_of_period_target": .double(42.9), "pct_of_year": .double(27.3),
            "overdue_count": 4,
            "overdue_items": .array([overdueItem("P2", unitX, "Q2/2017"), overdueItem("P5", unitY, "Q2/2017"),
                                     overdueItem("P7", unitY, "Q2/2017"), overdueItem("P10", unitY, "Q1/2017")]),
            "by_unit": .array([unitRow(unitX, total: 6, due: 3, approved: 2, overdue: 1),
                               unitRow(unitY, total: 5, due: 4, approved: 1, overdue: 3)]),
        ])
        #expect(report.json("programme") == expected)
        #expect(report.programme.pctOfPeriodTargetTenths == 429 && report.programme.pctOfYearTenths == 273)
        #expect(report.programme.byUnit.map { scalars($0.unit) } == [scalars(unitX), scalars(unitY)])

        let text = ReportRenderer.render(report, as: .text)
        #expect(text.contains("Thực hiện chương trình công tác năm 2017, UBND tỉnh đã ban hành 11 chương trình, đề án, dự án thực hiện."))
        #expect(text.contains("Tính đến hết tháng 6/2017, đã ban hành 3/7 đề án, đạt 42,9% so với chỉ tiêu 6 tháng đầu năm và 27,3% chỉ tiêu năm."))
        #expect(text.contains("Đề án đến hạn nhưng chưa được phê duyệt: 4."))
        #expect(text.contains("  - \(unitY): Đề án P10 (hạn Quý I/2017)"))
    }

    @Test("third quarter: the reschedule of P5 and the withdrawal of P7 (both 1/7) now count")
    func thirdQuarter() throws {
        let t = try TestLedger()
        try t.given(programmeEvents())
        let p = try t.report("2017-Q3").programme
        #expect(p.total == 10 && p.dueInPeriod == 2 && p.approvedInPeriod == 1)
        #expect(p.pctOfPeriodTargetTenths == 500 && p.pctOfYearTenths == 100)
        #expect(p.overdueItems.map(\.itemID) == ["P2", "P4"])
        #expect(p.items.first { $0.itemID == "P5" }?.due == Due("Q4/2017"))
    }

    @Test("nothing due in the period: the target rate is null, not a division by zero; another year's programme")
    func emptyTarget() throws {
        let t = try TestLedger()
        try t.given(programmeEvents())
        let january = try t.report("2017-01-01..2017-01-31")
        #expect(january.json("programme.total") == 12)
        #expect(january.json("programme.due_in_period") == 0)
        #expect(january.json("programme.approved_in_period") == 1)
        #expect(january.json("programme.pct_of_period_target") == .null)
        #expect(january.json("programme.pct_of_year") == .double(8.3))
        #expect(january.json("programme.overdue_count") == 0)
        let text = ReportRenderer.render(january, as: .text)
        #expect(text.contains("(không có đề án đến hạn trong kỳ báo cáo), đạt 8,3% chỉ tiêu năm."))

        let p2016 = try t.report("2016").programme
        #expect(p2016.year == 2016 && p2016.total == 1 && p2016.dueInPeriod == 1 && p2016.approvedInPeriod == 0)
        #expect(p2016.pctOfPeriodTargetTenths == 0 && p2016.pctOfYearTenths == 0)
        #expect(p2016.overdueItems.map(\.itemID) == ["P12"])
    }

    @Test("as of the end of 19/3: later reschedules, withdrawals and approvals are not yet known")
    func asOf() throws {
        let t = try TestLedger()
        try t.given(programmeEvents())
        let p = try t.report("2017-H1", asOf: endOf("2017-03-19")).programme
        #expect(p.total == 12 && p.dueInPeriod == 9 && p.approvedInPeriod == 2)
        #expect(p.pctOfPeriodTargetTenths == 222 && p.pctOfYearTenths == 167)
        #expect(p.overdueItems.map(\.itemID) == ["P2", "P4", "P5", "P6", "P7", "P10"])
        // Before any registration was recorded there is no programme.
        let none = try t.report("2017-H1", asOf: "2016-12-29T23:59:59.999Z").programme
        #expect(none.total == 0 && none.pctOfPeriodTargetTenths == nil && none.pctOfYearTenths == nil)
    }
}
