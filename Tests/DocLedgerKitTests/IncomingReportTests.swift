import Testing
import LedgerJSON
@testable import DocLedgerKit
import OfficeDomain
import OfficeProjections
import ReportRendering

private func receive(_ no: Int, _ on: String, second: Int = 0) -> String {
    line("DocumentReceived", ["received_on": .string(on), "sender": "Bộ Nội vụ", "number_symbol": .string("\(no)/BNV-VP"),
                              "doc_type": "CV", "subject": "Văn bản đến", "arrival_no": .int(Int64(no))], at: at(on, second))
}

private func assign(_ no: Int, _ on: String, _ unit: String, deadline: String? = nil, forInformation: Bool = false,
                    second: Int = 0) -> String {
    var data: JSONObject = ["year": 2017, "arrival_no": .int(Int64(no)), "assigned_on": .string(on), "lead_unit": .string(unit)]
    if let deadline { data["deadline"] = .string(deadline) }
    if forInformation { data["for_information"] = true }
    return line("IncomingAssigned", data, at: at(on, second))
}

private func answer(_ no: Int, _ on: String) -> String {
    line("IncomingAnswered", ["year": 2017, "arrival_no": .int(Int64(no)), "answered_on": .string(on)], at: at(on, 0))
}

/// The hand-made ledger of the fourth section (period 2017-H1, to = 2017-06-30). Each arrival,
/// and where it stands as at 2017-06-30 worked out by hand:
///   1  received 01-05, never assigned                                     → unassigned
///   2  assigned 01-10 for information (Văn phòng)                         → for_information
///   3  Sở Tài chính, deadline 01-31, answered 01-31 (on the deadline)      → answered_on_time
///   4  Sở Tài chính, deadline 01-31, answered 02-01                        → answered_late
///   5  Sở Nội vụ, deadline 03-31, closed 03-15                             → answered_on_time
///   6  Sở Nội vụ, deadline 03-31, open                                     → overdue
///   7  Sở Y tế, deadline 06-30 (= to), open                                → in_progress
///   8  Sở Y tế, no deadline, open                                          → in_progress
///   9  Sở Kế hoạch và Đầu tư, deadline 02-01; re-routed 03-01 to Sở Xây dựng,
///      deadline 07-31 (before to: the new one is in force)                 → in_progress (Sở Xây dựng)
///  10  Sở Tài chính, deadline 05-31; re-routed 07-05 (after to: ignored)   → overdue (Sở Tài chính)
///  11  received 06-20, assigned only on 07-02                              → unassigned
///  12  Sở Nội vụ, deadline 06-15, answered 07-03 (after to: open at to)    → overdue
///  13  received 06-01, assigned to "Sở Tài chính" typed in NFD, deadline 12-31 → in_progress (Sở Tài chính)
///  14  received 07-01: outside the period                                 → not counted
private func incomingLedger() throws -> TestLedger {
    let t = try TestLedger()
    var lines = (1...10).map { receive($0, "2017-01-05", second: $0) } + [receive(12, "2017-01-05", second: 12)]
    lines += [
        assign(2, "2017-01-10", "Văn phòng", forInformation: true, second: 2),
        assign(3, "2017-01-10", "Sở Tài chính", deadline: "2017-01-31", second: 3),
        assign(4, "2017-01-10", "Sở Tài chính", deadline: "2017-01-31", second: 4),
        assign(5, "2017-01-10", "Sở Nội vụ", deadline: "2017-03-31", second: 5),
        assign(6, "2017-01-10", "Sở Nội vụ", deadline: "2017-03-31", second: 6),
        assign(7, "2017-01-10", "Sở Y tế", deadline: "2017-06-30", second: 7),
        assign(8, "2017-01-10", "Sở Y tế", second: 8),
        assign(9, "2017-01-10", "Sở Kế hoạch và Đầu tư", deadline: "2017-02-01", second: 9),
        assign(10, "2017-01-10", "Sở Tài chính", deadline: "2017-05-31", second: 10),
        assign(12, "2017-01-10", "Sở Nội vụ", deadline: "2017-06-15", second: 12),
        answer(3, "2017-01-31"),
        answer(4, "2017-02-01"),
        assign(9, "2017-03-01", "Sở Xây dựng", deadline: "2017-07-31"),
        line("IncomingClosed", ["year": 2017, "arrival_no": 5, "closed_on": "2017-03-15", "reason": "Lưu hồ sơ"], at: at("2017-03-15")),
        receive(13, "2017-06-01"),
        assign(13, "2017-06-01", nfd("Sở Tài chính"), deadline: "2017-12-31", second: 1),
        receive(11, "2017-06-20"),
        receive(14, "2017-07-01"),
        assign(11, "2017-07-02", "Sở Y tế"),
        answer(12, "2017-07-03"),
        assign(10, "2017-07-05", "Sở Nội vụ", deadline: "2017-08-31"),
    ]
    try t.given(lines)
    return t
}

private func counts(_ i: OfficeReport.Incoming) -> [String: Int] {
    var out = ["assigned": i.assigned, "for_information": i.forInformation, "unassigned": i.unassigned]
    for bucket in IncomingBucket.allCases { out[bucket.rawValue] = i.counts[bucket] ?? 0 }
    return out
}

private func unitCounts(_ row: OfficeReport.IncomingUnitRow) -> [Int] {
    [row.assigned, row.forInformation] + IncomingBucket.allCases.map { row.counts[$0] ?? 0 }
}

@Suite("Report section 4: the handling of incoming documents, as at the period's end")
struct IncomingReportTests {
    @Test("every bucket as worked out by hand: on the deadline, late, closed, overdue, re-routed before and after `to`, for information, unassigned")
    func buckets() throws {
        let t = try incomingLedger()
        let r = try t.report("2017-H1")
        #expect(r.documents.received == 13)
        #expect(counts(r.incoming) == ["assigned": 11, "for_information": 1, "unassigned": 2, "answered_on_time": 2,
                                       "answered_late": 1, "overdue": 3, "in_progress": 4])
        // By unit (the lead unit of the assignment in force; NFD typed as NFC), sorted by the name's bytes:
        // [assigned, for_information, answered_on_time, answered_late, overdue, in_progress].
        #expect(r.incoming.byUnit.map(\.unit) == ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Văn phòng"])
        #expect(r.incoming.byUnit.allSatisfy { isStoredNFC($0.unit) })
        #expect(r.incoming.byUnit.map(unitCounts) == [[3, 0, 1, 0, 2, 0], [4, 0, 1, 1, 1, 1], [1, 0, 0, 0, 0, 1],
                                                      [2, 0, 0, 0, 0, 2], [1, 1, 0, 0, 0, 0]])
    }

    @Test("as of 2017-01-31: only what was recorded by then counts (the later answer, closing and re-routing are unknown)")
    func asOf() throws {
        let t = try incomingLedger()
        let r = try t.report("2017-H1", asOf: endOf("2017-01-31"))
        // By hand: 11 received by then (1–10, 12); 3 answered on its deadline; 4, 5, 6, 9 (first
        // assignment, deadline 02-01), 10 and 12 open with a deadline before 06-30; 7 and 8 in progress.
        #expect(r.documents.received == 11)
        #expect(counts(r.incoming) == ["assigned": 10, "for_information": 1, "unassigned": 1, "answered_on_time": 1,
                                       "answered_late": 0, "overdue": 6, "in_progress": 2])
        #expect(r.incoming.byUnit.map(\.unit) == ["Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Văn phòng"])
    }

    @Test("the whole year: every answer and re-routing after June counts; the July document is received")
    func wholeYear() throws {
        let t = try incomingLedger()
        let r = try t.report("2017")
        // By hand, as at 2017-12-31: 14 received; 1 and 14 never assigned; 2 for information;
        // 3, 5 on time; 4 late; 12 late (answered 07-03 after 06-15); 6, 7 (06-30), 9 (re-routed,
        // 07-31), 10 (re-routed, 08-31) overdue; 8, 11 (no deadline) and 13 (12-31 is not before `to`) in progress.
        #expect(counts(r.incoming) == ["assigned": 12, "for_information": 1, "unassigned": 2, "answered_on_time": 2,
                                       "answered_late": 2, "overdue": 4, "in_progress": 3])
    }

    @Test("the JSON key `incoming`, the text sentence and the section in md and csv")
    func renderings() throws {
        let t = try incomingLedger()
        let r = try t.report("2017-H1")
        let json = try #require(r.json.objectValue?["incoming"]?.objectValue)
        #expect(json.pairs.map(\.key) == ["assigned", "for_information", "answered_on_time", "answered_late", "overdue", "in_progress",
                                          "unassigned", "by_unit"])
        #expect(json["overdue"]?.intValue == 3 && json["unassigned"]?.intValue == 2)
        let firstUnit = try #require(json["by_unit"]?.arrayValue?.first?.objectValue)
        #expect(firstUnit.pairs.map(\.key) == ["unit", "assigned", "for_information", "answered_on_time", "answered_late", "overdue", "in_progress"])
        let text = ReportRenderer.render(r, as: .text)
        #expect(text.contains("4. Tình hình xử lý văn bản đến\nTiếp nhận 13 văn bản đến, đã phân công xử lý 11 văn bản (để biết 1), "
                              + "chưa phân công 2; đã giải quyết đúng hạn 2, quá hạn 1; đang giải quyết 7, trong đó quá hạn 3."))
        let md = ReportRenderer.render(r, as: .md)
        #expect(md.contains("## 4. Tình hình xử lý văn bản đến"))
        #expect(md.contains("| Sở Tài chính | 4 | 0 | 1 | 1 | 1 | 1 |"))
        let csv = ReportRenderer.render(r, as: .csv)
        #expect(csv.hasPrefix("unit,programme_total,") && csv.contains(",incoming_assigned,incoming_for_information,answered_on_time,"))
        #expect(csv.contains("\r\nSở Tài chính,0,0,0,0,0,0,0,0,0,0,4,0,1,1,1,1\r\n"))
    }
}

@Suite("Reconcile: repeats and answers that predate the document")
struct IncomingReconcileTests {
    @Test("a repeat registered on purpose and an answer issued before the document arrived are listed; the rest is not")
    func doubts() throws {
        let t = try TestLedger()
        let later = at("2017-03-02", 0)
        try t.given(incomingEvents() + [
            line("DocumentReceived", ["received_on": "2017-01-20", "sender": "Bộ Tài chính", "number_symbol": "6/BTC-NSNN",
                                      "doc_type": "CV", "subject": "Đề nghị", "arrival_no": 6], at: later),
            line("IncomingAssigned", ["year": 2017, "arrival_no": 6, "assigned_on": "2017-01-20", "lead_unit": "Sở Tài chính"], at: later),
            // 41/QĐ-UBND was issued on 2017-01-09, before 6/2017 arrived on 2017-01-20.
            line("IncomingAnswered", ["year": 2017, "arrival_no": 6, "answered_on": "2017-03-02", "answer_document": "41/QĐ-UBND"], at: later),
            line("DocumentReceived", ["received_on": "2017-03-02", "sender": "Bộ Tài chính", "number_symbol": "2/BTC-NSNN",
                                      "doc_type": "CV", "subject": "Đề nghị báo cáo", "repeat_of": 2], at: later),
        ])
        let outcome = try t.ledger.reconcile(ReportRequest(period: "2017-H1"), declared: Array("{}".utf8), source: "declared.json")
        let doubts = outcome.reconciliation.doubts.filter { $0.kind == "document registered twice" || $0.kind == "answer issued before the document arrived" }
        #expect(doubts.map(\.detail) == [
            "arrival 7/2017 repeats arrival 2: 2/BTC-NSNN of Bộ Tài chính",
            "arrival 6/2017, received on 2017-01-20, is answered by 41/QĐ-UBND issued on 2017-01-09",
        ])
        // 4/2017 (received 2017-01-05, answered by the same 41/QĐ-UBND of 2017-01-09) is not listed.
    }
}
