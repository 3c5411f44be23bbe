import Testing
@testable import DocLedgerKit
import LedgerJSON
import OfficeDomain
import OfficeProjections
import ReportRendering

/// Incoming and outgoing documents around the first half of 2017 (P = 2017-01-01..2017-06-30).
///
///   R1 received 2016-12-31 (out)              I1 QĐ 2016-12-31 → 01/QĐ-UBND of 2016 (out)
///   R2 received 2017-01-01 (first day, in)    I2 QĐ 2017-01-01 → 01/QĐ-UBND (in, individual)
///   Rc1 recall of 01/QĐ-UBND of 2016 on 2017-01-10 (recalled in P, though issued before P)
///   I3 KH 2017-02-01 (plans)   I4 CT 2017-03-01 (individual)   C1 correction of I4 on 2017-03-05 (not a recall)
///   I5 TTr 2017-04-01 (submissions)   I6 CV 2017-05-01 (other)   I7 BC 2017-05-02 (other)
///   R3 received 2017-06-30 (last day, in)     I8 QĐ legal normative 2017-06-30 (legal normative)
///   Rc2 recall of I2 on 2017-06-30 (in; I2 still counts as issued)
///   R4 received 2017-07-01 (out)   I9 QĐ 2017-07-01 (out)   Rc3 recall of I3 on 2017-07-01 (out)
///
/// By hand, H1: received 2 (R2, R3); issued 7 (I2–I8); legal normative 1 (I8); individual 2 (I2, I4);
/// plans 1 (I3); submissions 1 (I5); other 2 (I6, I7); recalled in period 2 (Rc1, Rc2);
/// by type BC 1, CT 1, CV 1, KH 1, QĐ 2 (I2 and the legal normative I8), TTr 1.
/// Q3: received 1 (R4), issued 1 (I9, individual), recalled 1 (Rc3).
/// 2016: received 1, issued 1, recalled 0 (Rc1 is dated 2017). Year 2017: received 3, issued 8, recalled 3.
/// 2017-01-02..2017-06-29 (both edges moved in by a day): received 0, issued 5 (I3–I7), recalled 1 (Rc1).
/// As of the end of 2017-06-29, H1: received 1 (R2), issued 6 (I2–I7), recalled 1 (Rc1), legal normative 0.
func documentEvents() -> [String] {
    func received(_ day: String, _ n: Int, _ symbol: String) -> String {
        line("DocumentReceived", ["received_on": .string(day), "sender": "Văn phòng Chính phủ", "number_symbol": .string(symbol),
                                  "doc_type": "CV", "subject": "Về việc triển khai"], at: at(day, n))
    }
    func issued(_ day: String, _ n: Int, _ type: String, legal: Bool = false) -> String {
        line("DocumentIssued", ["issued_on": .string(day), "doc_type": .string(type), "subject": .string("Văn bản \(type)"),
                                "legal_normative": .bool(legal)], at: at(day, n))
    }
    func recalled(_ document: String, _ year: Int, _ day: String, _ n: Int) -> String {
        line("DocumentRecalled", ["document": .string(document), "year": .int(Int64(year)), "recalled_on": .string(day),
                                  "reason": "Ban hành sai thẩm quyền"], at: at(day, n))
    }
    return [
        received("2016-12-31", 0, "101/VPCP-KTTH"),
        issued("2016-12-31", 1, "QĐ"),
        received("2017-01-01", 0, "01/NQ-CP"),
        issued("2017-01-01", 1, "QĐ"),
        recalled("01/QĐ-UBND", 2016, "2017-01-10", 0),
        issued("2017-02-01", 0, "KH"),
        issued("2017-03-01", 0, "CT"),
        line("DocumentCorrected", ["document": "2/CT-UBND", "year": 2017, "corrected_on": "2017-03-05",
                                   "correction": "Sửa lỗi chính tả ở trích yếu"], at: at("2017-03-05")),
        issued("2017-04-01", 0, "TTr"),
        issued("2017-05-01", 0, "CV"),
        issued("2017-05-02", 0, "BC"),
        received("2017-06-30", 0, "21/CT-TTg"),
        issued("2017-06-30", 1, "QĐ", legal: true),
        recalled("1/QĐ-UBND", 2017, "2017-06-30", 2),
        received("2017-07-01", 0, "19-2017/NQ-CP"),
        issued("2017-07-01", 1, "QĐ"),
        recalled("01/KH-UBND", 2017, "2017-07-01", 2),
    ]
}

private func documentsJSON(received: Int64, issued: Int64, recalled: Int64, legal: Int64, individual: Int64, plans: Int64,
                           submissions: Int64, other: Int64, byType: JSONObject) -> JSONValue {
    .object(["received": .int(received), "issued": .int(issued), "recalled_in_period": .int(recalled),
             "issued_by_category": .object(["legal_normative": .int(legal), "individual_decisions_directives": .int(individual),
                                            "plans": .int(plans), "submissions": .int(submissions), "other": .int(other)]),
             "issued_by_type": .object(byType)])
}

@Suite("Report: documents received, issued, recalled, by category")
struct DocumentsReportTests {
    @Test("first half of 2017: first and last day in, the day before and the day after out; recalled ones still count")
    func firstHalf() throws {
        let t = try TestLedger()
        try t.given(documentEvents())
        let report = try t.report("2017-H1")
        #expect(report.json("documents") == documentsJSON(
            received: 2, issued: 7, recalled: 2, legal: 1, individual: 2, plans: 1, submissions: 1, other: 2,
            byType: ["BC": 1, "CT": 1, "CV": 1, "KH": 1, "QĐ": 2, "TTr": 1]))
        #expect(report.documents.byType.map(\.code) == ["BC", "CT", "CV", "KH", "QĐ", "TTr"])

        let text = ReportRenderer.render(report, as: .text)
        #expect(text.contains("Tiếp nhận 2 văn bản; xử lý và ban hành 7 văn bản, trong đó: 1 văn bản quy phạm pháp luật, "
                              + "2 quyết định và chỉ thị cá biệt, 1 kế hoạch, 1 tờ trình; còn lại là văn bản hành chính thông thường."))
        #expect(text.contains("Thu hồi trong kỳ 2 văn bản."))
    }

    @Test("other periods over the same events: Q3, 2016, the year 2017, and a range one day inside H1 at each end")
    func otherPeriods() throws {
        let t = try TestLedger()
        try t.given(documentEvents())
        #expect(try t.report("2017-Q3").json("documents") == documentsJSON(
            received: 1, issued: 1, recalled: 1, legal: 0, individual: 1, plans: 0, submissions: 0, other: 0, byType: ["QĐ": 1]))
        #expect(try t.report("2016").json("documents") == documentsJSON(
            received: 1, issued: 1, recalled: 0, legal: 0, individual: 1, plans: 0, submissions: 0, other: 0, byType: ["QĐ": 1]))
        let year = try t.report("2017")
        #expect(year.documents.received == 3 && year.documents.issued == 8 && year.documents.recalledInPeriod == 3)
        #expect(try t.report("2017-01-02..2017-06-29").json("documents") == documentsJSON(
            received: 0, issued: 5, recalled: 1, legal: 0, individual: 1, plans: 1, submissions: 1, other: 2,
            byType: ["BC": 1, "CT": 1, "CV": 1, "KH": 1, "TTr": 1]))
    }

    @Test("as of the end of 29/6, the events recorded on 30/6 do not count")
    func asOf() throws {
        let t = try TestLedger()
        try t.given(documentEvents())
        let report = try t.report("2017-H1", asOf: endOf("2017-06-29"))
        #expect(report.json("documents") == documentsJSON(
            received: 1, issued: 6, recalled: 1, legal: 0, individual: 2, plans: 1, submissions: 1, other: 2,
            byType: ["BC": 1, "CT": 1, "CV": 1, "KH": 1, "QĐ": 1, "TTr": 1]))
        #expect(report.json("as_of") == .string(endOf("2017-06-29")))
        // At exactly the moment R3 was recorded, R3 counts ("at or before"); one millisecond earlier it does not.
        #expect(try t.report("2017-H1", asOf: "2017-06-30T08:00:00.000Z").documents.received == 2)
        #expect(try t.report("2017-H1", asOf: "2017-06-30T07:59:59.999Z").documents.received == 1)
    }
}
