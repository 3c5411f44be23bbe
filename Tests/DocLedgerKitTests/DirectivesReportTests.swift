import Testing
@testable import DocLedgerKit
import LedgerJSON
import OfficeDomain
import OfficeProjections
import ReportRendering

private let unitA = "Sở Tài chính"
private let unitB = "Sở Nội vụ"

/// Directives around the first half of 2017, each event recorded on the day it is dated (08:00 + n s).
/// Unit A = Sở Tài chính; unit B = Sở Nội vụ, written in NFD (B*) for D3, the first B directive, and D8 (must still be one unit).
///
///   id   issued      unit  deadline    later facts                                   as at 30/6 (H1)
///   D11  2016-12-31  A     —           —                                             (issued before P: not counted)
///   D13  2017-01-01  A     2017-01-31  completed 2017-02-01                          completed late (first day of P)
///   D1   2017-01-10  A     2017-03-31  completed 2017-03-31 08:00:00                 completed on time (on the deadline)
///   D2   2017-02-01  A     2017-03-31  completed 2017-04-01                          completed late
///   D3   2017-02-01  B*    2017-03-31  extended on 03-30 to 04-30; completed 04-15   completed on time (extension counts)
///   D4   2017-02-01  B     2017-05-31  —                                             overdue
///   D5   2017-03-01  A     2017-06-30  —                                             in progress (deadline = to, not before)
///   D6   2017-03-01  A     2017-05-31  extended on 07-05 to 08-31                    overdue (extension dated after to)
///   D7   2017-04-01  B     2017-04-30  cancelled 2017-06-30                          cancelled
///   D8   2017-04-01  B*    —           completed 2017-05-01                          completed on time (no deadline)
///   D9   2017-05-01  A     2017-05-15  completed 2017-07-10                          overdue (completed after to)
///   D14  2017-05-01  B     2017-06-15  cancelled 2017-07-02                          overdue (cancelled after to)
///   D10  2017-06-30  B     —           —                                             in progress (last day of P)
///   D12  2017-07-01  A     2017-07-31  —                                             (issued after P: not counted)
///
/// H1 by hand: issued 12; on time 3 (D1, D3, D8); late 2 (D13, D2); in progress 2 (D5, D10);
/// overdue 4 (D4, D6, D9, D14); cancelled 1 (D7).
///   A (D13, D1, D2, D5, D6, D9): 6 = on time 1, late 2, in progress 1, overdue 2, cancelled 0.
///   B (D3, D4, D7, D8, D14, D10): 6 = on time 2, late 0, in progress 1, overdue 2, cancelled 1.
/// Q3 (as at 30/9): only D12 issued in P, deadline 31/7 passed → overdue 1.
/// Year 2017 (as at 31/12): 13 directives (all but D11): on time 3 (D1, D3, D8); late 3 (D13, D2, D9);
/// cancelled 2 (D7, D14); overdue 4 (D4, D5, D6 — extended to 31/8 but still open —, D12); in progress 1 (D10).
/// As of the end of 31/3 (H1): only D13, D1, D2, D3, D4, D5, D6 are known: on time 1 (D1), late 1 (D13),
/// overdue 4 (D2 and D3, whose completions are not yet recorded, D4, D6), in progress 1 (D5).
/// As of 2017-03-31T07:59:59.999Z, one millisecond before D1's completion was recorded: on time 0,
/// late 1, overdue 5 (D1 too), in progress 1.
func directiveEvents() -> [String] {
    func issued(_ id: String, _ day: String, _ n: Int, _ unit: String, deadline: String?) -> String {
        var data: JSONObject = ["directive_id": .string(id), "issued_on": .string(day), "lead_unit": .string(unit),
                                "content": "Báo cáo tiến độ giải ngân vốn đầu tư công"]
        if let deadline { data["deadline"] = .string(deadline) }
        return line("DirectiveIssued", data, at: at(day, n))
    }
    func completed(_ id: String, _ day: String, _ n: Int) -> String {
        line("DirectiveCompleted", ["directive_id": .string(id), "completed_on": .string(day)], at: at(day, n))
    }
    func extended(_ id: String, _ day: String, _ n: Int, to newDeadline: String) -> String {
        line("DirectiveDeadlineExtended", ["directive_id": .string(id), "extended_on": .string(day), "new_deadline": .string(newDeadline),
                                           "reason": "Chờ ý kiến của bộ, ngành trung ương"], at: at(day, n))
    }
    func cancelled(_ id: String, _ day: String, _ n: Int) -> String {
        line("DirectiveCancelled", ["directive_id": .string(id), "cancelled_on": .string(day), "reason": "Không còn phù hợp"], at: at(day, n))
    }
    let b = unitB, bNFD = nfd(unitB)
    return [
        issued("D11", "2016-12-31", 0, unitA, deadline: nil),
        issued("D13", "2017-01-01", 0, unitA, deadline: "2017-01-31"),
        issued("D1", "2017-01-10", 0, unitA, deadline: "2017-03-31"),
        issued("D2", "2017-02-01", 0, unitA, deadline: "2017-03-31"),
        issued("D3", "2017-02-01", 1, bNFD, deadline: "2017-03-31"),
        issued("D4", "2017-02-01", 2, b, deadline: "2017-05-31"),
        completed("D13", "2017-02-01", 3),
        line("DirectiveProgressReported", ["directive_id": "D4", "reported_on": "2017-02-20", "unit": .string(b),
                                           "note": "Đang tổng hợp ý kiến các huyện"], at: at("2017-02-20")),
        issued("D5", "2017-03-01", 0, unitA, deadline: "2017-06-30"),
        issued("D6", "2017-03-01", 1, unitA, deadline: "2017-05-31"),
        extended("D3", "2017-03-30", 0, to: "2017-04-30"),
        completed("D1", "2017-03-31", 0),
        completed("D2", "2017-04-01", 0),
        issued("D7", "2017-04-01", 1, b, deadline: "2017-04-30"),
        issued("D8", "2017-04-01", 2, bNFD, deadline: nil),
        completed("D3", "2017-04-15", 0),
        completed("D8", "2017-05-01", 0),
        issued("D9", "2017-05-01", 1, unitA, deadline: "2017-05-15"),
        issued("D14", "2017-05-01", 2, b, deadline: "2017-06-15"),
        cancelled("D7", "2017-06-30", 0),
        issued("D10", "2017-06-30", 1, b, deadline: nil),
        issued("D12", "2017-07-01", 0, unitA, deadline: "2017-07-31"),
        cancelled("D14", "2017-07-02", 0),
        extended("D6", "2017-07-05", 0, to: "2017-08-31"),
        completed("D9", "2017-07-10", 0),
    ]
}

private func buckets(issued: Int64, onTime: Int64, late: Int64, inProgress: Int64, overdue: Int64, cancelled: Int64) -> JSONObject {
    ["issued": .int(issued), "completed_on_time": .int(onTime), "completed_late": .int(late), "in_progress": .int(inProgress),
     "overdue": .int(overdue), "cancelled": .int(cancelled)]
}

private func directivesJSON(_ total: JSONObject, units: [(String, JSONObject)]) -> JSONValue {
    var object = total
    object["by_unit"] = .array(units.map { unit, counts in
        var row = counts
        row["unit"] = .string(unit)
        return .object(row)
    })
    return .object(object)
}

@Suite("Report: directives, each in one bucket as at the period's last day")
struct DirectivesReportTests {
    @Test("first half of 2017: every bucket, deadline day, extensions before and after to, NFD unit names merged")
    func firstHalf() throws {
        let t = try TestLedger()
        try t.given(directiveEvents())
        let report = try t.report("2017-H1")
        #expect(report.json("directives") == directivesJSON(
            buckets(issued: 12, onTime: 3, late: 2, inProgress: 2, overdue: 4, cancelled: 1),
            units: [(unitA, buckets(issued: 6, onTime: 1, late: 2, inProgress: 1, overdue: 2, cancelled: 0)),
                    (unitB, buckets(issued: 6, onTime: 2, late: 0, inProgress: 1, overdue: 2, cancelled: 1))]))
        // The unit is stored and shown composed (NFC), whichever spelling came first.
        #expect(report.directives.byUnit.map { scalars($0.unit) } == [scalars(unitA), scalars(unitB)])

        let text = ReportRenderer.render(report, as: .text)
        #expect(text.contains("Giao 12 nhiệm vụ trong kỳ: hoàn thành đúng hạn 3, hoàn thành quá hạn 2, "
                              + "đang thực hiện trong hạn 2, quá hạn chưa hoàn thành 4, hủy 1."))
    }

    @Test("the same events as at other periods' ends: Q3 and the whole year")
    func otherPeriods() throws {
        let t = try TestLedger()
        try t.given(directiveEvents())
        #expect(try t.report("2017-Q3").json("directives") == directivesJSON(
            buckets(issued: 1, onTime: 0, late: 0, inProgress: 0, overdue: 1, cancelled: 0),
            units: [(unitA, buckets(issued: 1, onTime: 0, late: 0, inProgress: 0, overdue: 1, cancelled: 0))]))
        let year = try t.report("2017").directives
        #expect(year.issued == 13)
        #expect(year.counts == [.completedOnTime: 3, .completedLate: 3, .cancelled: 2, .overdue: 4, .inProgress: 1])
    }

    @Test("as of a moment: only events recorded at or before it count")
    func asOf() throws {
        let t = try TestLedger()
        try t.given(directiveEvents())
        let endOfMarch = try t.report("2017-H1", asOf: endOf("2017-03-31")).directives
        #expect(endOfMarch.issued == 7)
        #expect(endOfMarch.counts == [.completedOnTime: 1, .completedLate: 1, .overdue: 4, .inProgress: 1, .cancelled: 0])
        let atCompletion = try t.report("2017-H1", asOf: "2017-03-31T08:00:00.000Z").directives
        #expect(atCompletion.counts == endOfMarch.counts)
        let justBefore = try t.report("2017-H1", asOf: "2017-03-31T07:59:59.999Z").directives
        #expect(justBefore.counts == [.completedOnTime: 0, .completedLate: 1, .overdue: 5, .inProgress: 1, .cancelled: 0])
        // Before anything was recorded, nothing counts.
        #expect(try t.report("2017-H1", asOf: "2016-01-01T00:00:00.000Z").directives.issued == 0)
    }
}
