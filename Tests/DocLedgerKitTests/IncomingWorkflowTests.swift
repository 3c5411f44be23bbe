import Testing
import LedgerJSON
@testable import DocLedgerKit
import OfficeDomain

/// An event about incoming document `no`/2017 with `fields` added.
private func incoming(_ type: String, _ no: Int, _ fields: JSONObject, at recordedAt: String) -> String {
    var data: JSONObject = ["year": 2017, "arrival_no": .int(Int64(no))]
    for (key, value) in fields.pairs { data[key] = value }
    return line(type, data, at: recordedAt)
}

private func received(_ no: Int, _ on: String, at recordedAt: String) -> String {
    line("DocumentReceived", ["received_on": .string(on), "sender": "Bộ Tài chính", "number_symbol": .string("\(no)/BTC-NSNN"),
                              "doc_type": "CV", "subject": "Đề nghị báo cáo", "arrival_no": .int(Int64(no))], at: recordedAt)
}

/// The ledger every workflow refusal is tried against (recorded January–March 2017):
///   incoming 1/2017 received 2017-01-05, not assigned; 2/2017 received 2017-01-05, assigned
///   2017-01-10 (deadline 2017-01-31), progress 2017-01-15; 3/2017 received 2017-01-05, assigned
///   2017-01-10 for information; 4/2017 received 2017-01-05, assigned 2017-01-10, answered
///   2017-01-20 by 41/QĐ-UBND; 5/2017 received 2017-01-05, assigned 2017-01-10, closed 2017-01-21;
///   41/QĐ-UBND issued 2017-01-09; 42/QĐ-UBND issued 2017-01-09, recalled 2017-02-01;
///   43/QĐ-UBND issued 2017-03-01.
func incomingEvents() -> [String] {
    let assign: JSONObject = ["assigned_on": "2017-01-10", "lead_unit": "Sở Tài chính"]
    return [
        received(1, "2017-01-05", at: at("2017-01-05", 1)), received(2, "2017-01-05", at: at("2017-01-05", 2)),
        received(3, "2017-01-05", at: at("2017-01-05", 3)), received(4, "2017-01-05", at: at("2017-01-05", 4)),
        received(5, "2017-01-05", at: at("2017-01-05", 5)),
        line("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Phê duyệt", "number": 41], at: at("2017-01-09", 0)),
        line("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Giao chỉ tiêu", "number": 42], at: at("2017-01-09", 1)),
        incoming("IncomingAssigned", 2, ["assigned_on": "2017-01-10", "lead_unit": "Sở Tài chính", "support_units": ["Sở Xây dựng", "Kho bạc"],
                                         "deadline": "2017-01-31", "instruction": "Tham mưu văn bản trả lời"], at: at("2017-01-10", 0)),
        incoming("IncomingAssigned", 3, ["assigned_on": "2017-01-10", "lead_unit": "Văn phòng", "for_information": true], at: at("2017-01-10", 1)),
        incoming("IncomingAssigned", 4, assign, at: at("2017-01-10", 2)),
        incoming("IncomingAssigned", 5, assign, at: at("2017-01-10", 3)),
        incoming("IncomingProgressReported", 2, ["reported_on": "2017-01-15", "unit": "Sở Tài chính", "note": "Đang tổng hợp số liệu"],
                 at: at("2017-01-15", 0)),
        incoming("IncomingAnswered", 4, ["answered_on": "2017-01-20", "answer_document": "41/QĐ-UBND", "note": "Trả lời Bộ"], at: at("2017-01-20", 0)),
        incoming("IncomingClosed", 5, ["closed_on": "2017-01-21", "reason": "Gộp với văn bản đến 2/2017"], at: at("2017-01-21", 0)),
        line("DocumentRecalled", ["document": "42/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-01", "reason": "Sai thẩm quyền"],
             at: at("2017-02-01", 0)),
        line("DocumentIssued", ["issued_on": "2017-03-01", "doc_type": "QĐ", "subject": "Trả lời", "number": 43], at: at("2017-03-01", 0)),
    ]
}

private func workflowLedger() throws -> TestLedger {
    let t = try TestLedger()
    try t.given(incomingEvents())
    return t
}

private let later = at("2017-03-02", 0)

private let workflowRefusals: [Refusal] = [
    Refusal(name: "assignment of a document not in the register",
            line: incoming("IncomingAssigned", 9, ["assigned_on": "2017-03-02", "lead_unit": "Sở Tài chính"], at: later),
            field: "data.arrival_no", reason: "incoming document 9/2017 is not in the incoming register"),
    Refusal(name: "assignment before the document was received",
            line: incoming("IncomingAssigned", 1, ["assigned_on": "2017-01-04", "lead_unit": "Sở Tài chính"], at: later),
            field: "data.assigned_on", reason: "2017-01-04 is before the document was received (2017-01-05)"),
    Refusal(name: "deadline before the assignment",
            line: incoming("IncomingAssigned", 1, ["assigned_on": "2017-03-02", "lead_unit": "Sở Tài chính", "deadline": "2017-03-01"], at: later),
            field: "data.deadline", reason: "2017-03-01 is before the assignment date 2017-03-02"),
    Refusal(name: "re-routing dated before the assignment in force",
            line: incoming("IncomingAssigned", 2, ["assigned_on": "2017-01-09", "lead_unit": "Sở Nội vụ"], at: later),
            field: "data.assigned_on", reason: "2017-01-09 is before the assignment in force (2017-01-10); a new assignment replaces it from its date"),
    Refusal(name: "re-routing an answered document",
            line: incoming("IncomingAssigned", 4, ["assigned_on": "2017-03-02", "lead_unit": "Sở Nội vụ"], at: later),
            field: "data.arrival_no", reason: "incoming document 4/2017 was already answered on 2017-01-20"),
    Refusal(name: "re-routing a closed document",
            line: incoming("IncomingAssigned", 5, ["assigned_on": "2017-03-02", "lead_unit": "Sở Nội vụ"], at: later),
            field: "data.arrival_no", reason: "incoming document 5/2017 was already closed on 2017-01-21"),
    Refusal(name: "progress on an unassigned document",
            line: incoming("IncomingProgressReported", 1, ["reported_on": "2017-03-02", "unit": "Sở Tài chính", "note": "x"], at: later),
            field: "data.arrival_no", reason: "incoming document 1/2017 has not been assigned (no IncomingAssigned for it)"),
    Refusal(name: "progress on a closed document",
            line: incoming("IncomingProgressReported", 5, ["reported_on": "2017-03-02", "unit": "Sở Tài chính", "note": "x"], at: later),
            field: "data.arrival_no", reason: "incoming document 5/2017 was already closed on 2017-01-21"),
    Refusal(name: "answer of an unassigned document",
            line: incoming("IncomingAnswered", 1, ["answered_on": "2017-03-02"], at: later),
            field: "data.arrival_no", reason: "incoming document 1/2017 has not been assigned (no IncomingAssigned for it)"),
    Refusal(name: "answer of a document assigned for information",
            line: incoming("IncomingAnswered", 3, ["answered_on": "2017-03-02"], at: later),
            field: "data.arrival_no", reason: "incoming document 3/2017 is assigned for information only: it needs no answer (close it instead)"),
    Refusal(name: "second answer",
            line: incoming("IncomingAnswered", 4, ["answered_on": "2017-03-02"], at: later),
            field: "data.arrival_no", reason: "incoming document 4/2017 was already answered on 2017-01-20"),
    Refusal(name: "answer of a closed document",
            line: incoming("IncomingAnswered", 5, ["answered_on": "2017-03-02"], at: later),
            field: "data.arrival_no", reason: "incoming document 5/2017 was already closed on 2017-01-21"),
    Refusal(name: "answer dated before the document was received",
            line: incoming("IncomingAnswered", 2, ["answered_on": "2017-01-04"], at: later),
            field: "data.answered_on", reason: "2017-01-04 is before the document was received (2017-01-05)"),
    Refusal(name: "answering document never issued",
            line: incoming("IncomingAnswered", 2, ["answered_on": "2017-03-02", "answer_document": "99/QĐ-UBND"], at: later),
            field: "data.answer_document", reason: "99/QĐ-UBND of 2017 is not among the issued documents"),
    Refusal(name: "answering document issued after the answer",
            line: incoming("IncomingAnswered", 2, ["answered_on": "2017-02-20", "answer_document": "43/QĐ-UBND"], at: later),
            field: "data.answer_document", reason: "43/QĐ-UBND was issued on 2017-03-01, after answered_on 2017-02-20"),
    Refusal(name: "answering document recalled",
            line: incoming("IncomingAnswered", 2, ["answered_on": "2017-03-02", "answer_document": "42/QĐ-UBND"], at: later),
            field: "data.answer_document", reason: "42/QĐ-UBND of 2017 was recalled on 2017-02-01: it cannot answer a document"),
    Refusal(name: "closing an unassigned document",
            line: incoming("IncomingClosed", 1, ["closed_on": "2017-03-02", "reason": "x"], at: later),
            field: "data.arrival_no", reason: "incoming document 1/2017 has not been assigned (no IncomingAssigned for it)"),
    Refusal(name: "closing an answered document",
            line: incoming("IncomingClosed", 4, ["closed_on": "2017-03-02", "reason": "x"], at: later),
            field: "data.arrival_no", reason: "incoming document 4/2017 was already answered on 2017-01-20"),
    Refusal(name: "closing twice",
            line: incoming("IncomingClosed", 5, ["closed_on": "2017-03-02", "reason": "x"], at: later),
            field: "data.arrival_no", reason: "incoming document 5/2017 was already closed on 2017-01-21"),
    Refusal(name: "a stream other than the document's",
            line: {
                var envelope = (try! JSONParser.parse(incoming("IncomingClosed", 2, ["closed_on": "2017-03-02", "reason": "x"], at: later))).objectValue!
                envelope["stream"] = "received:2017:1"
                return JSONValue.object(envelope).canonicalString
            }(),
            field: "stream", reason: "must be \"received:2017:2\" for this IncomingClosed (the ledger derives it; leave it out)"),
]

@Suite("The incoming document workflow through the ledger")
struct IncomingWorkflowTests {
    @Test("each workflow refusal names the field and the reason; nothing is written", arguments: workflowRefusals)
    func refused(_ refusal: Refusal) throws {
        let t = try workflowLedger()
        #expect(try t.count() == Int64(incomingEvents().count))
        try t.expectRefused(refusal.line, field: refusal.field, reason: refusal.reason)
    }

    @Test("the same ledger accepts the right counterparts: re-routing, progress, an answer, a closing")
    func acceptedCounterparts() throws {
        let t = try workflowLedger()
        let result = try t.given([
            incoming("IncomingAssigned", 1, ["assigned_on": "2017-01-05", "lead_unit": "Sở Tài chính", "deadline": "2017-01-05"], at: later),
            incoming("IncomingAssigned", 2, ["assigned_on": "2017-01-10", "lead_unit": "Sở Nội vụ"], at: later),
            incoming("IncomingAssigned", 3, ["assigned_on": "2017-02-01", "lead_unit": "Sở Nội vụ"], at: later),
            incoming("IncomingProgressReported", 2, ["reported_on": "2017-03-02", "unit": "Sở Nội vụ", "note": "Đã dự thảo"], at: later),
            incoming("IncomingAnswered", 2, ["answered_on": "2017-03-01", "answer_document": "43/QĐ-UBND"], at: later),
            incoming("IncomingAnswered", 3, ["answered_on": "2017-03-02"], at: later),
            incoming("IncomingClosed", 1, ["closed_on": "2017-03-02", "reason": "Không còn cần thiết"], at: later),
        ])
        #expect(result.appendedEvents.map(\.stream) == ["received:2017:1", "received:2017:2", "received:2017:3", "received:2017:2",
                                                "received:2017:2", "received:2017:3", "received:2017:1"])
        // Each document's stream continues its registration: version 1 is the DocumentReceived.
        #expect(result.appendedEvents.map(\.version) == [2, 4, 3, 5, 6, 4, 3])
    }

    @Test("the read table holds one row per workflow fact; a replay equals it and verify passes")
    func replayAndVerify() throws {
        let t = try workflowLedger()
        let rows = try t.ledger.db.scalarInt("SELECT count(*) FROM p_incoming_facts")
        #expect(rows == 7)
        let answer = try t.ledger.db.prepare("SELECT value FROM p_incoming_facts WHERE year = 2017 AND arrival_no = 4 AND kind = 'answered'")
        #expect(try answer.step() && answer.text(0) == "41/QĐ-UBND@2017")
        answer.reset()
        let check = try t.ledger.replayCheck()
        #expect(check.differences == [])
        let replayed = try t.ledger.replay()
        #expect(replayed.events == Int64(incomingEvents().count))
        #expect(try t.ledger.db.scalarInt("SELECT count(*) FROM p_incoming_facts") == rows)
        #expect(try t.ledger.replayCheck().differences == [])
        let verified = try t.ledger.verify()
        #expect(verified.events == Int64(incomingEvents().count) && verified.problems == [])
    }

    @Test("verify notices a damaged row of the workflow table")
    func verifyNoticesDamage() throws {
        let t = try workflowLedger()
        try t.ledger.db.execute("UPDATE p_incoming_facts SET deadline = '2017-12-31' WHERE year = 2017 AND arrival_no = 2 AND kind = 'assigned'")
        #expect(try t.ledger.verify().problems != [])
    }

    @Test("history 4@2017: the registration, assignment and answer, with the answering document; the document shows its citation")
    func history() throws {
        let t = try workflowLedger()
        let story = try t.ledger.history(of: "4@2017")
        #expect(story.stream == "received:2017:4")
        #expect(story.events.map(\.type) == ["DocumentReceived", "IncomingAssigned", "IncomingAnswered"])
        #expect(story.links.map(\.title) == ["answering document"])
        #expect(story.links.map(\.stream) == ["document:41/QĐ-UBND@2017"])
        #expect(story.links.first?.events.map(\.type) == ["DocumentIssued"])
        let answer = try t.ledger.history(of: "41/QĐ-UBND@2017")
        #expect(answer.links.map(\.title) == ["cited by"])
        #expect(answer.links.first?.events.map(\.type) == ["IncomingAnswered"])
        // Progress too; an arrival number not registered, or written with a leading zero, is unknown.
        #expect(try t.ledger.history(of: "2@2017").events.map(\.type) == ["DocumentReceived", "IncomingAssigned", "IncomingProgressReported"])
        #expect(throws: Rejected.self) { try t.ledger.history(of: "9@2017") }
        #expect(throws: Rejected.self) { try t.ledger.history(of: "04@2017") }
    }

    @Test("a schema 3 ledger (no workflow table) is upgraded by its first writable open: the table is filled from the log")
    func upgradeFromSchema3() throws {
        let t = try workflowLedger()
        let head = try t.head()
        try t.ledger.db.execute("DROP TABLE p_incoming_facts; PRAGMA user_version = 3;")
        #expect(throws: LedgerUnusable.self) { try Ledger(path: t.path, access: .read) }
        let upgraded = try Ledger(path: t.path, access: .write)
        #expect(try upgraded.db.scalarInt("PRAGMA user_version") == Ledger.schemaVersion)
        #expect(try upgraded.db.scalarInt("SELECT count(*) FROM p_incoming_facts") == 7)
        #expect(try upgraded.log.readHead() == head)
        #expect(try upgraded.replayCheck().differences == [])
    }
}

