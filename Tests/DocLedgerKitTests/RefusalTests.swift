import Testing
import LedgerJSON
@testable import DocLedgerKit
import OfficeDomain

/// A refused line: what it is, and the field and reason the clerk sees.
struct Refusal: Sendable, CustomTestStringConvertible {
    let name: String
    let line: String
    let field: String
    let reason: String
    var testDescription: String { name }
}

/// The ledger every refusal is tried against (13 events recorded in January–March 2017):
///   41/QĐ-UBND issued 2017-01-09; 42/QĐ-UBND issued 2017-01-09 and recalled 2017-02-01;
///   directive D1 issued 2017-01-10 (deadline 2017-02-10); D2 issued 2017-01-10, completed 2017-02-01;
///   D3 issued 2017-01-10, cancelled 2017-02-01;
///   programme items P1 (open), P2 approved 2017-03-01, P3 withdrawn 2017-02-01.
private func baseLedger() throws -> TestLedger {
    let t = try TestLedger()
    func directive(_ id: String, _ n: Int) -> String {
        line("DirectiveIssued", ["directive_id": .string(id), "issued_on": "2017-01-10", "lead_unit": "Sở Tài chính",
                                 "content": "Báo cáo giải ngân", "deadline": "2017-02-10"], at: at("2017-01-10", n))
    }
    func item(_ id: String, _ n: Int) -> String {
        line("ProgrammeItemRegistered", ["item_id": .string(id), "year": 2017, "title": .string("Đề án \(id)"), "lead_unit": "Sở Xây dựng",
                                         "due": "Q2/2017"], at: at("2017-01-03", n))
    }
    try t.given([
        item("P1", 0), item("P2", 1), item("P3", 2),
        line("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Phê duyệt quy hoạch", "number": 41],
             at: at("2017-01-09", 0)),
        line("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Giao chỉ tiêu", "number": 42],
             at: at("2017-01-09", 1)),
        directive("D1", 0), directive("D2", 1), directive("D3", 2),
        line("DirectiveCompleted", ["directive_id": "D2", "completed_on": "2017-02-01"], at: at("2017-02-01", 0)),
        line("DirectiveCancelled", ["directive_id": "D3", "cancelled_on": "2017-02-01", "reason": "Trùng nhiệm vụ"], at: at("2017-02-01", 1)),
        line("DocumentRecalled", ["document": "42/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-01", "reason": "Sai thẩm quyền"],
             at: at("2017-02-01", 2)),
        line("ProgrammeItemWithdrawn", ["item_id": "P3", "withdrawn_on": "2017-02-01", "reason": "Không còn phù hợp"], at: at("2017-02-01", 3)),
        line("ProgrammeItemApproved", ["item_id": "P2", "approved_on": "2017-03-01", "decision": "41/QĐ-UBND"], at: at("2017-03-01", 0)),
    ])
    return t
}

private let issued: JSONObject = ["issued_on": "2017-03-02", "doc_type": "QĐ", "subject": "Phê duyệt đề án"]
private func issuedWith(_ key: String, _ value: JSONValue?) -> String {
    var data = issued
    data[key] = value
    return line("DocumentIssued", data)
}

private let refusals: [Refusal] = [
    Refusal(name: "unknown event type", line: line("DocumentFiled", issued),
            field: "type", reason: "unknown event type \"DocumentFiled\""),
    Refusal(name: "unknown doc type code", line: issuedWith("doc_type", "QD"),
            field: "data.doc_type", reason: "unknown document type code \"QD\" (did you mean QĐ?)"),
    Refusal(name: "missing field", line: issuedWith("subject", nil),
            field: "data.subject", reason: "missing (required for DocumentIssued)"),
    Refusal(name: "mistyped field", line: issuedWith("issued_on", .int(20170302)),
            field: "data.issued_on", reason: "must be a date YYYY-MM-DD, not integer"),
    Refusal(name: "a date that does not exist", line: issuedWith("issued_on", "2017-02-30"),
            field: "data.issued_on", reason: "2017-02-30 is not a date that exists"),
    Refusal(name: "empty text", line: issuedWith("subject", "   "),
            field: "data.subject", reason: "must not be empty"),
    Refusal(name: "empty lead unit", line: line("DirectiveIssued", ["directive_id": "D9", "issued_on": "2017-03-02", "lead_unit": "",
                                                                    "content": "Báo cáo"]),
            field: "data.lead_unit", reason: "must not be empty"),
    Refusal(name: "completing an unknown directive", line: line("DirectiveCompleted", ["directive_id": "D9", "completed_on": "2017-03-02"]),
            field: "data.directive_id", reason: "unknown directive D9 (no DirectiveIssued for it)"),
    Refusal(name: "extending an unknown directive",
            line: line("DirectiveDeadlineExtended", ["directive_id": "D9", "extended_on": "2017-03-02", "new_deadline": "2017-04-30",
                                                     "reason": "Chờ số liệu"]),
            field: "data.directive_id", reason: "unknown directive D9 (no DirectiveIssued for it)"),
    Refusal(name: "reporting on an unknown directive",
            line: line("DirectiveProgressReported", ["directive_id": "d1", "reported_on": "2017-03-02", "unit": "Sở Tài chính", "note": "x"]),
            field: "data.directive_id", reason: "unknown directive d1 (no DirectiveIssued for it)"),
    Refusal(name: "approving an unregistered item",
            line: line("ProgrammeItemApproved", ["item_id": "P9", "approved_on": "2017-03-02", "decision": "41/QĐ-UBND"]),
            field: "data.item_id", reason: "unknown programme item P9 (it was never registered)"),
    Refusal(name: "rescheduling an unknown item",
            line: line("ProgrammeItemRescheduled", ["item_id": "P9", "rescheduled_on": "2017-03-02", "due": "Q3/2017", "reason": "x"]),
            field: "data.item_id", reason: "unknown programme item P9 (it was never registered)"),
    Refusal(name: "a directive id used twice",
            line: line("DirectiveIssued", ["directive_id": "D1", "issued_on": "2017-03-02", "lead_unit": "Sở Nội vụ", "content": "Khác"]),
            field: "data.directive_id", reason: "directive D1 already exists (an id is used once)"),
    Refusal(name: "an item id used twice",
            line: line("ProgrammeItemRegistered", ["item_id": "P1", "year": 2017, "title": "Khác", "lead_unit": "Sở Nội vụ", "due": "2017"]),
            field: "data.item_id", reason: "programme item P1 already exists (an id is used once)"),
    Refusal(name: "a deadline before the issue date",
            line: line("DirectiveIssued", ["directive_id": "D9", "issued_on": "2017-03-02", "lead_unit": "Sở Nội vụ", "content": "Rà soát",
                                           "deadline": "2017-03-01"]),
            field: "data.deadline", reason: "2017-03-01 is before the issue date 2017-03-02"),
    Refusal(name: "an extension to before the issue date",
            line: line("DirectiveDeadlineExtended", ["directive_id": "D1", "extended_on": "2017-02-05", "new_deadline": "2017-01-09",
                                                     "reason": "Nhầm"]),
            field: "data.new_deadline", reason: "2017-01-09 is before the directive was issued (2017-01-10)"),
    Refusal(name: "completing a directive twice", line: line("DirectiveCompleted", ["directive_id": "D2", "completed_on": "2017-03-02"]),
            field: "data.directive_id", reason: "directive D2 was already completed on 2017-02-01"),
    Refusal(name: "cancelling a directive twice",
            line: line("DirectiveCancelled", ["directive_id": "D3", "cancelled_on": "2017-03-02", "reason": "Lần nữa"]),
            field: "data.directive_id", reason: "directive D3 was already cancelled on 2017-02-01"),
    Refusal(name: "completing a cancelled directive", line: line("DirectiveCompleted", ["directive_id": "D3", "completed_on": "2017-03-02"]),
            field: "data.directive_id", reason: "directive D3 was already cancelled on 2017-02-01"),
    Refusal(name: "cancelling a completed directive",
            line: line("DirectiveCancelled", ["directive_id": "D2", "cancelled_on": "2017-03-02", "reason": "Không cần"]),
            field: "data.directive_id", reason: "directive D2 was already completed on 2017-02-01"),
    Refusal(name: "extending a completed directive",
            line: line("DirectiveDeadlineExtended", ["directive_id": "D2", "extended_on": "2017-03-02", "new_deadline": "2017-04-30",
                                                     "reason": "x"]),
            field: "data.directive_id", reason: "directive D2 was already completed on 2017-02-01"),
    Refusal(name: "completing a directive before its issue",
            line: line("DirectiveCompleted", ["directive_id": "D1", "completed_on": "2017-01-09"]),
            field: "data.completed_on", reason: "2017-01-09 is before the directive was issued (2017-01-10)"),
    Refusal(name: "cancelling a directive before its issue",
            line: line("DirectiveCancelled", ["directive_id": "D1", "cancelled_on": "2017-01-09", "reason": "x"]),
            field: "data.cancelled_on", reason: "2017-01-09 is before the directive was issued (2017-01-10)"),
    Refusal(name: "approving a withdrawn item",
            line: line("ProgrammeItemApproved", ["item_id": "P3", "approved_on": "2017-03-02", "decision": "41/QĐ-UBND"]),
            field: "data.item_id", reason: "programme item P3 was withdrawn on 2017-02-01"),
    Refusal(name: "approving an approved item",
            line: line("ProgrammeItemApproved", ["item_id": "P2", "approved_on": "2017-03-02", "decision": "42/QĐ-UBND"]),
            field: "data.item_id", reason: "programme item P2 was already approved on 2017-03-01"),
    Refusal(name: "recalling a document that was never issued",
            line: line("DocumentRecalled", ["document": "99/QĐ-UBND", "year": 2017, "recalled_on": "2017-03-02", "reason": "x"]),
            field: "data.document", reason: "99/QĐ-UBND of 2017 is not among the issued documents"),
    Refusal(name: "recalling a document twice",
            line: line("DocumentRecalled", ["document": "42/QĐ-UBND", "year": 2017, "recalled_on": "2017-03-02", "reason": "Lần nữa"]),
            field: "data.document", reason: "42/QĐ-UBND of 2017 was already recalled on 2017-02-01"),
    Refusal(name: "correcting a document before it was issued",
            line: line("DocumentCorrected", ["document": "41/QĐ-UBND", "year": 2017, "corrected_on": "2017-01-08", "correction": "x"]),
            field: "data.corrected_on", reason: "2017-01-08 is before the document was issued (2017-01-09)"),
    Refusal(name: "a number already used in the series",
            line: issuedWith("number", 41),
            field: "data.number", reason: "41 is already used in series QĐ+CT of 2017 (by 41/QĐ-UBND)"),
    Refusal(name: "recorded before the ledger's latest event",
            line: line("DocumentIssued", issued, at: "2017-02-28T08:00:00.000Z"),
            field: "recorded_at",
            reason: "2017-02-28T08:00:00.000Z is earlier than the ledger's latest event (2017-03-01T08:00:00.000Z); events are recorded in time order"),
]

@Suite("Refusals: a clear error and nothing written")
struct RefusalTests {
    @Test("each refusal names the field and the reason; the chain head and the event count are unchanged", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let t = try baseLedger()
        #expect(try t.count() == 13)
        try t.expectRefused(refusal.line, field: refusal.field, reason: refusal.reason)
    }

    @Test("the base ledger accepts the same kinds of events when they are right (so each refusal is about its one fault)")
    func acceptedCounterparts() throws {
        let t = try baseLedger()
        try t.given([
            line("DocumentIssued", issued),
            line("DirectiveIssued", ["directive_id": "D9", "issued_on": "2017-03-02", "lead_unit": "Sở Nội vụ", "content": "Rà soát",
                                     "deadline": "2017-03-02"]),
            line("DirectiveDeadlineExtended", ["directive_id": "D1", "extended_on": "2017-02-05", "new_deadline": "2017-03-31",
                                               "reason": "Chờ số liệu"]),
            line("DirectiveCompleted", ["directive_id": "D1", "completed_on": "2017-01-10"]),
            line("DirectiveProgressReported", ["directive_id": "D2", "reported_on": "2017-03-02", "unit": "Sở Tài chính", "note": "Đã xong"]),
            line("ProgrammeItemApproved", ["item_id": "P1", "approved_on": "2017-03-02", "decision": "43/QĐ-UBND"]),
            line("DocumentCorrected", ["document": "41/QĐ-UBND", "year": 2017, "corrected_on": "2017-01-09", "correction": "Sửa trích yếu"]),
            line("DocumentRecalled", ["document": "41/QĐ-UBND", "year": 2017, "recalled_on": "2017-03-02", "reason": "Thay thế"]),
        ])
        #expect(try t.count() == 21)
    }
}
