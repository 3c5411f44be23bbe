import DocLedgerKit
@testable import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReportRendering
import Testing

/// Every route's happy path and its main refusals, through the router as `docledger serve` builds it.
@Suite("Routes")
struct RouteTests {
    static let received = json(["received_on": "2017-01-09", "sender": "Sở Tài chính", "number_symbol": "45/BC-STC",
                                "doc_type": "BC", "subject": "Báo cáo thu chi"])
    static let issued = json(["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Phê duyệt Đề án công chứng", "signer": "Mai Văn Huỳnh",
                              "recipients": ["Sở Tư pháp", "Sở Tài chính"]])
    static let directive = json(["directive_id": "CT-01", "issued_on": "2017-03-20", "lead_unit": "Sở Kế hoạch và Đầu tư",
                                 "content": "Đẩy nhanh giải ngân", "deadline": "2017-06-30"])
    static let item = json(["item_id": "NN-01", "year": 2017, "title": "Đề án nông nghiệp sạch",
                            "lead_unit": "Sở Nông nghiệp và Phát triển nông thôn", "due": "Q2/2017"])

    @Test("documents: received and issued get their numbers; recall and correct by SYMBOL@YEAR; refusals name the field")
    func documents() async throws {
        try await withServer { client, ledger in
            let received = try await client.send(.post, "/api/documents/received", token: Token.clerk, body: Self.received)
            #expect(received.status == 201, "\(received)")
            #expect(received.json?["arrival_number"] as? String == "1/2017")
            #expect(received.json?["stream"] as? String == "received:2017:1")
            let issued = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: Self.issued)
            #expect(issued.status == 201, "\(issued)")
            #expect(issued.json?["number_symbol"] as? String == "01/QĐ-UBND")
            #expect(issued.json?["seq"] as? Int == 2)
            // The slash of the symbol as it is, and percent-encoded.
            let correct = try await client.send(.post, "/api/documents/1%2FQ%C4%90-UBND@2017/correct", token: Token.clerk,
                                                body: json(["corrected_on": "2017-01-31", "correction": "Sửa trích yếu"]))
            #expect(correct.status == 201, "\(correct)")
            let recall = try await client.send(.post, "/api/documents/01/QĐ-UBND@2017/recall", token: Token.clerk,
                                               body: json(["recalled_on": "2017-02-01", "reason": "Sai thẩm quyền"]))
            #expect(recall.status == 201, "\(recall)")
            #expect(recall.json?["stream"] as? String == "document:01/QĐ-UBND@2017")
            // A recalled document is frozen.
            let frozen = try await client.send(.post, "/api/documents/01/QĐ-UBND@2017/correct", token: Token.clerk,
                                               body: json(["corrected_on": "2017-02-02", "correction": "Sửa lần hai"]))
            #expect(frozen.status == 422, "\(frozen)")
            #expect(frozen.problems == ["document: 01/QĐ-UBND of 2017 was recalled on 2017-02-01: a recalled document is frozen"])
            let again = try await client.send(.post, "/api/documents/01/QĐ-UBND@2017/recall", token: Token.clerk,
                                              body: json(["recalled_on": "2017-02-03", "reason": "Lần hai"]))
            #expect(again.status == 422, "\(again)")
            #expect(again.problems == ["document: 01/QĐ-UBND of 2017 was already recalled on 2017-02-01"])
            let unknown = try await client.send(.post, "/api/documents/99/QĐ-UBND@2017/recall", token: Token.clerk,
                                                body: json(["recalled_on": "2017-02-03", "reason": "Không có"]))
            #expect(unknown.status == 404, "\(unknown)")
            #expect(unknown.error == "99/QĐ-UBND of 2017 is not among the issued documents")
            let noYear = try await client.send(.post, "/api/documents/01/QĐ-UBND/recall", token: Token.clerk,
                                               body: json(["recalled_on": "2017-02-03", "reason": "x"]))
            #expect(noYear.status == 400, "\(noYear)")
            let missing = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: json(["subject": "Thiếu loại"]))
            #expect(missing.status == 422, "\(missing)")
            #expect(missing.problems == ["doc_type: missing (required for DocumentIssued)"])
            let wrongType = try await client.send(.post, "/api/documents/issued", token: Token.clerk,
                                                  body: json(["doc_type": "QĐ", "subject": "x", "number": 4.5]))
            #expect(wrongType.status == 422, "\(wrongType)")
            #expect(wrongType.problems.first?.hasPrefix("number: must be text, a whole number") == true)
            let events = try ledger.history("01/QĐ-UBND@2017")
            #expect(events.map(\.type) == ["DocumentIssued", "DocumentCorrected", "DocumentRecalled"])
            #expect(Set(events.map(\.actor)) == ["vanthu.nguyen"])
        }
    }

    @Test("directives: issue, extend, progress, complete; a finished directive refuses a cancellation; an unknown one is 404")
    func directives() async throws {
        try await withServer { client, ledger in
            let issued = try await client.send(.post, "/api/directives", token: Token.leader, body: Self.directive)
            #expect(issued.status == 201, "\(issued)")
            #expect(issued.json?["stream"] as? String == "directive:CT-01")
            let steps: [(String, String, String)] = [
                ("extend", Token.leader, json(["extended_on": "2017-06-01", "new_deadline": "2017-07-31", "reason": "Chờ vốn"])),
                ("progress", Token.officer, json(["reported_on": "2017-06-15", "unit": "Sở Kế hoạch và Đầu tư", "note": "Đạt 60%"])),
                ("complete", Token.leader, json(["completed_on": "2017-07-20"])),
            ]
            for (action, token, body) in steps {
                let reply = try await client.send(.post, "/api/directives/CT-01/\(action)", token: token, body: body)
                #expect(reply.status == 201, "\(action): \(reply)")
            }
            let cancel = try await client.send(.post, "/api/directives/CT-01/cancel", token: Token.leader,
                                               body: json(["cancelled_on": "2017-07-21", "reason": "x"]))
            #expect(cancel.status == 422, "\(cancel)")
            let unknown = try await client.send(.post, "/api/directives/CT-99/complete", token: Token.leader,
                                                body: json(["completed_on": "2017-07-20"]))
            #expect(unknown.status == 404, "\(unknown)")
            #expect(unknown.error?.hasPrefix("unknown directive CT-99") == true)
            let otherID = try await client.send(.post, "/api/directives/CT-01/progress", token: Token.officer,
                                                body: json(["directive_id": "CT-02", "reported_on": "2017-06-16", "unit": "x", "note": "y"]))
            #expect(otherID.status == 422, "\(otherID)")
            #expect(otherID.problems == ["directive_id: is given by the path; leave it out of the body"])
            let history = try ledger.history("CT-01")
            #expect(history.map(\.actor) == ["lanhdao.le", "lanhdao.le", "chuyenvien.tran", "lanhdao.le"])
        }
    }

    @Test("incoming: assign, progress, answer by N@YEAR, each with its role; a closed document refuses more; unknown is 404, malformed 400")
    func incoming() async throws {
        try await withServer { client, ledger in
            #expect(try await client.send(.post, "/api/documents/received", token: Token.clerk, body: Self.received).status == 201)
            #expect(try await client.send(.post, "/api/documents/received", token: Token.clerk,
                                          body: json(["received_on": "2017-01-09", "sender": "Sở Nội vụ", "number_symbol": "7/SNV-VP",
                                                      "doc_type": "CV", "subject": "Đề nghị"])).status == 201)
            #expect(try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: Self.issued).status == 201)
            let steps: [(String, String, String)] = [
                ("1@2017/assign", Token.leader, json(["assigned_on": "2017-01-10", "lead_unit": "Sở Tài chính", "deadline": "2017-01-31",
                                                       "support_units": ["Kho bạc"], "instruction": "Tham mưu trả lời"])),
                ("1@2017/progress", Token.officer, json(["reported_on": "2017-01-15", "unit": "Sở Tài chính", "note": "Đang dự thảo"])),
                ("1@2017/answer", Token.clerk, json(["answered_on": "2017-01-20", "answer_document": "01/QĐ-UBND"])),
                ("2@2017/assign", Token.leader, json(["assigned_on": "2017-01-10", "lead_unit": "Văn phòng", "for_information": true])),
                ("2@2017/close", Token.clerk, json(["closed_on": "2017-01-11", "reason": "Lưu hồ sơ"])),
            ]
            for (path, token, body) in steps {
                let reply = try await client.send(.post, "/api/incoming/\(path)", token: token, body: body)
                #expect(reply.status == 201, "\(path): \(reply)")
            }
            let wrongRole = try await client.send(.post, "/api/incoming/1@2017/assign", token: Token.clerk,
                                                  body: json(["assigned_on": "2017-01-12", "lead_unit": "x"]))
            #expect(wrongRole.status == 403, "\(wrongRole)")
            let closed = try await client.send(.post, "/api/incoming/2@2017/progress", token: Token.officer,
                                               body: json(["reported_on": "2017-01-12", "unit": "x", "note": "y"]))
            #expect(closed.status == 422, "\(closed)")
            #expect(closed.problems == ["arrival_no: incoming document 2/2017 was already closed on 2017-01-11"])
            let unknown = try await client.send(.post, "/api/incoming/9@2017/assign", token: Token.leader,
                                                body: json(["assigned_on": "2017-01-12", "lead_unit": "x"]))
            #expect(unknown.status == 404, "\(unknown)")
            let malformed = try await client.send(.post, "/api/incoming/1-2017/assign", token: Token.leader,
                                                  body: json(["assigned_on": "2017-01-12", "lead_unit": "x"]))
            #expect(malformed.status == 400, "\(malformed)")
            let history = try ledger.history("1@2017")
            #expect(history.map(\.type) == ["DocumentReceived", "IncomingAssigned", "IncomingProgressReported", "IncomingAnswered"])
            #expect(history.map(\.actor) == ["vanthu.nguyen", "lanhdao.le", "chuyenvien.tran", "vanthu.nguyen"])
        }
    }

    @Test("programme: register, reschedule, submit, approve; an approved item refuses a withdrawal; an unknown one is 404")
    func programme() async throws {
        try await withServer { client, ledger in
            let registered = try await client.send(.post, "/api/programme", token: Token.officer, body: Self.item)
            #expect(registered.status == 201, "\(registered)")
            #expect(registered.json?["stream"] as? String == "programme:NN-01")
            let steps: [(String, String, String)] = [
                ("reschedule", Token.officer, json(["rescheduled_on": "2017-03-01", "due": "Q3/2017", "reason": "Chờ số liệu"])),
                ("submit", Token.officer, json(["submitted_on": "2017-08-01", "submission": "12/TTr-SNN"])),
                ("approve", Token.leader, json(["approved_on": "2017-08-20", "decision": "41/QĐ-UBND"])),
            ]
            for (action, token, body) in steps {
                let reply = try await client.send(.post, "/api/programme/NN-01/\(action)", token: token, body: body)
                #expect(reply.status == 201, "\(action): \(reply)")
            }
            let withdraw = try await client.send(.post, "/api/programme/NN-01/withdraw", token: Token.leader,
                                                 body: json(["withdrawn_on": "2017-09-01", "reason": "x"]))
            #expect(withdraw.status == 422, "\(withdraw)")
            let unknown = try await client.send(.post, "/api/programme/NN-99/submit", token: Token.officer,
                                                body: json(["submitted_on": "2017-08-01"]))
            #expect(unknown.status == 404, "\(unknown)")
            #expect(try ledger.history("NN-01").count == 4)
        }
    }

    @Test("?id= makes a repeated command a recognised retry; the same id with other content is refused")
    func retries() async throws {
        try await withServer { client, _ in
            let first = try await client.send(.post, "/api/documents/issued?id=web-form-1", token: Token.clerk, body: Self.issued)
            #expect(first.status == 201, "\(first)")
            let retry = try await client.send(.post, "/api/documents/issued?id=web-form-1", token: Token.clerk, body: Self.issued)
            #expect(retry.status == 200, "\(retry)")
            #expect(retry.json?["duplicate"] as? Bool == true)
            let other = try await client.send(.post, "/api/documents/issued?id=web-form-1", token: Token.clerk,
                                              body: json(["doc_type": "QĐ", "subject": "Khác"]))
            #expect(other.status == 422, "\(other)")
            #expect(other.problems.first?.hasPrefix("id: web-form-1 is already in the ledger with other content") == true)
        }
    }

    @Test("POST /api/events: the append contract (counts, duplicates, every problem with its line, one transaction, 409 on a conflict)")
    func events() async throws {
        try await withServer { client, ledger in
            let lines = [
                eventLine("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Một"], id: "e1"),
                eventLine("DirectiveIssued", ["directive_id": "CT-01", "issued_on": "2017-03-20", "lead_unit": "Sở Nội vụ", "content": "Hai"], id: "e2"),
                eventLine("DirectiveCompleted", ["directive_id": "CT-01", "completed_on": "2017-04-01"], id: "e3",
                          extra: ["expected_version": 1]),
            ].joined(separator: "\n") + "\n"
            let appended = try await client.send(.post, "/api/events", token: Token.all, body: lines, contentType: "application/x-ndjson")
            #expect(appended.status == 200, "\(appended)")
            #expect(appended.text == #"{"appended":3,"duplicates":0}"#)
            let again = try await client.send(.post, "/api/events", token: Token.all, body: lines, contentType: "application/x-ndjson")
            #expect(again.text == #"{"appended":0,"duplicates":3}"#)
            let before = try ledger.digest()
            let bad = [
                eventLine("DocumentIssued", ["issued_on": "2017-01-07", "doc_type": "QĐ", "subject": "Ba"]),
                "{not json",
                eventLine("DocumentIssued", ["issued_on": "2017-02-30", "doc_type": "QĐ", "subject": "Bốn"]),
            ].joined(separator: "\n")
            let refused = try await client.send(.post, "/api/events", token: Token.all, body: bad, contentType: "application/jsonl")
            #expect(refused.status == 422, "\(refused)")
            #expect(refused.problems.count == 2)
            #expect(refused.problems.first?.hasPrefix("line 2: json:") == true)
            #expect(refused.problems.last?.hasPrefix("line 3: data.issued_on:") == true)
            #expect(try ledger.digest() == before)
            let conflict = eventLine("DirectiveProgressReported", ["directive_id": "CT-01", "reported_on": "2017-03-25", "unit": "x", "note": "y"],
                                     extra: ["expected_version": 1])
            let stale = try await client.send(.post, "/api/events", token: Token.all, body: conflict, contentType: "application/x-ndjson")
            #expect(stale.status == 409, "\(stale)")
            #expect(stale.problems.first?.hasPrefix("line 1: expected_version: conflict: stream directive:CT-01 is at version 2") == true)
            #expect(try ledger.digest() == before)
        }
    }

    @Test("the actor is the login: an event naming another is refused (422), on both kinds of route")
    func actorIsTheLogin() async throws {
        try await withServer { client, ledger in
            let forged = eventLine("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Giả"],
                                   extra: ["actor": "chu.tich"])
            let refused = try await client.send(.post, "/api/events", token: Token.all, body: forged, contentType: "application/x-ndjson")
            #expect(refused.status == 422, "\(refused)")
            #expect(refused.problems == ["line 1: actor: set by the server from your login"])
            let typed = try await client.send(.post, "/api/documents/issued", token: Token.clerk,
                                              body: json(["doc_type": "QĐ", "subject": "Giả", "actor": "chu.tich"]))
            #expect(typed.status == 422, "\(typed)")
            #expect(typed.problems == ["actor: set by the server from your login"])
            #expect(try ledger.digest().hasPrefix("0:"))
            // Naming oneself is allowed; leaving it out is the usual way.
            let own = eventLine("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Thật"], extra: ["actor": "quantri.vo"])
            let accepted = try await client.send(.post, "/api/events", token: Token.all, body: own, contentType: "application/x-ndjson")
            #expect(accepted.status == 200, "\(accepted)")
            #expect(try ledger.history("01/QĐ-UBND@2017").map(\.actor) == ["quantri.vo"])
        }
    }

    @Test("reports: the exact bytes of report --format json|csv|md, as of a moment; a malformed period is 400")
    func reports() async throws {
        try await withServer { client, ledger in
            _ = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: Self.issued)
            _ = try await client.send(.post, "/api/directives", token: Token.leader, body: Self.directive)
            let reader = try Ledger(path: ledger.path, access: .read)
            for (path, format, type) in [("/api/report", ReportFormat.json, "application/json"), ("/api/report.csv", .csv, "text/csv"),
                                         ("/api/report.md", .md, "text/markdown")] {
                let reply = try await client.send(.get, path + "?period=2017-H1", token: Token.officer)
                #expect(reply.status == 200, "\(reply)")
                #expect(reply.text == ReportRenderer.render(try reader.report(ReportRequest(period: "2017-H1")), as: format))
                #expect(reply.headers[.contentType]?.hasPrefix(type) == true)
            }
            let asOf = try await client.send(.get, "/api/report?period=2017-H1&as_of=2001-01-01", token: Token.clerk)
            #expect(asOf.text == ReportRenderer.render(try reader.report(ReportRequest(period: "2017-H1", asOf: "2001-01-01")), as: .json))
            let missing = try await client.send(.get, "/api/report", token: Token.clerk)
            #expect(missing.status == 400, "\(missing)")
            #expect(missing.problems == ["period: missing"])
            let malformed = try await client.send(.get, "/api/report?period=2017-H3", token: Token.clerk)
            #expect(malformed.status == 400, "\(malformed)")
            #expect(malformed.problems.first?.hasPrefix("period:") == true)
            let badAsOf = try await client.send(.get, "/api/report?period=2017-H1&as_of=yesterday", token: Token.clerk)
            #expect(badAsOf.status == 400, "\(badAsOf)")
            #expect(badAsOf.problems.first?.hasPrefix("as_of:") == true)
        }
    }

    @Test("history: HistoryRenderer.json of a directive or a document (its slash as it is or %2F); an unknown id is 404")
    func history() async throws {
        try await withServer { client, ledger in
            _ = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: Self.issued)
            _ = try await client.send(.post, "/api/directives", token: Token.leader, body: Self.directive)
            let reader = try Ledger(path: ledger.path, access: .read)
            let directive = try await client.send(.get, "/api/history/CT-01", token: Token.inspector)
            #expect(directive.status == 200, "\(directive)")
            #expect(directive.text == HistoryRenderer.json(try reader.history(of: "CT-01")))
            for path in ["/api/history/01/QĐ-UBND@2017", "/api/history/01%2FQ%C4%90-UBND%402017"] {
                let document = try await client.send(.get, path, token: Token.clerk)
                #expect(document.text == HistoryRenderer.json(try reader.history(of: "01/QĐ-UBND@2017")), "\(path): \(document)")
            }
            let unknown = try await client.send(.get, "/api/history/CT-99", token: Token.clerk)
            #expect(unknown.status == 404, "\(unknown)")
            #expect(unknown.error?.hasPrefix("nothing in the ledger is called CT-99") == true)
        }
    }

    @Test("reconcile: the declared figures beside the ledger's (ReconciliationRenderer.json); a body that is not JSON is 422")
    func reconcile() async throws {
        try await withServer { client, ledger in
            _ = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: Self.issued)
            let declared = #"{"documents":{"issued":5}}"#
            let reply = try await client.send(.post, "/api/reconcile?period=2017-H1", token: Token.leader, body: declared)
            #expect(reply.status == 200, "\(reply)")
            let reader = try Ledger(path: ledger.path, access: .read)
            let expected = try reader.reconcile(ReportRequest(period: "2017-H1"), declared: Array(declared.utf8), source: "the request body")
            #expect(reply.text == ReconciliationRenderer.json(expected.reconciliation))
            #expect(reply.json?["differences"] as? Int == 1)
            let notJSON = try await client.send(.post, "/api/reconcile?period=2017-H1", token: Token.leader, body: "issued=5")
            #expect(notJSON.status == 422, "\(notJSON)")
            #expect(notJSON.problems.first?.hasPrefix("declared: the request body:") == true)
            let form = try await client.send(.post, "/api/reconcile?period=2017-H1", token: Token.leader, body: declared,
                                             contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415, "\(form)")
        }
    }

    @Test("digest, verify and export: the inspector's; export streams the events of one snapshot, line for line as docledger export")
    func chain() async throws {
        try await withServer { client, ledger in
            // Enough events for several 64 KiB chunks.
            let lines = (1...700).map { n in
                eventLine("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "CV", "subject": "Công văn số \(n) về việc " + String(repeating: "rà soát ", count: 12)])
            }.joined(separator: "\n")
            let appended = try await client.send(.post, "/api/events", token: Token.all, body: lines, contentType: "application/x-ndjson")
            #expect(appended.text == #"{"appended":700,"duplicates":0}"#)
            let digest = try await client.send(.get, "/api/digest", token: Token.inspector)
            #expect(digest.status == 200, "\(digest)")
            #expect(digest.json?["digest"] as? String == (try ledger.digest()))
            let verify = try await client.send(.post, "/api/verify?digest=\(try ledger.digest())", token: Token.inspector)
            #expect(verify.status == 200, "\(verify)")
            #expect(verify.json?["ok"] as? Bool == true)
            #expect(verify.json?["events"] as? Int == 700)
            let badDigest = try await client.send(.post, "/api/verify?digest=12", token: Token.inspector)
            #expect(badDigest.status == 400, "\(badDigest)")
            let export = try await client.send(.get, "/api/export", token: Token.inspector)
            #expect(export.status == 200)
            #expect(export.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            var expected = ""
            try Ledger(path: ledger.path, access: .read).export { expected += $0 + "\n" }
            #expect(export.text.utf8.count > 3 * 65536)
            #expect(export.text == expected)
        }
    }

    @Test("401 without a login, on every route (an unknown one too); 403 naming the role a route needs")
    func authentication() async throws {
        try await withServer { client, _ in
            let routes: [(HTTPRequest.Method, String)] = [
                (.post, "/api/events"), (.post, "/api/documents/received"), (.post, "/api/documents/issued"),
                (.post, "/api/documents/01/QĐ-UBND@2017/recall"), (.post, "/api/directives"), (.post, "/api/directives/CT-01/extend"),
                (.post, "/api/programme"), (.post, "/api/programme/NN-01/approve"), (.get, "/api/report?period=2017-H1"),
                (.get, "/api/report.csv?period=2017-H1"), (.get, "/api/report.md?period=2017-H1"), (.get, "/api/history/CT-01"),
                (.post, "/api/reconcile?period=2017-H1"), (.get, "/api/digest"), (.post, "/api/verify"), (.get, "/api/export"),
                (.get, "/api/no-such-route"),
            ]
            for (method, path) in routes {
                let reply = try await client.send(method, path, body: "{}")
                #expect(reply.status == 401, "\(method) \(path): \(reply)")
                #expect(reply.error == "not logged in: give Authorization: Bearer TOKEN")
            }
            let forbidden: [(HTTPRequest.Method, String, String, String)] = [
                (.post, "/api/directives", Token.clerk, "role leader"), (.post, "/api/directives/CT-01/progress", Token.clerk, "role officer"),
                (.post, "/api/documents/issued", Token.leader, "role clerk"), (.post, "/api/programme/NN-01/approve", Token.officer, "role leader"),
                (.get, "/api/digest", Token.clerk, "role inspector"), (.post, "/api/verify", Token.leader, "role inspector"),
                (.get, "/api/export", Token.officer, "role inspector"),
            ]
            for (method, path, token, role) in forbidden {
                let reply = try await client.send(method, path, token: token, body: "{}")
                #expect(reply.status == 403, "\(method) \(path): \(reply)")
                #expect(reply.error == "this needs the \(role), which your login does not hold")
            }
        }
    }

    @Test("413 over --max-body (from Content-Length, before reading), 415 wrong or missing type, 400 malformed, 404 unknown route or method")
    func statusCodes() async throws {
        try await withServer({ $0.maxBodyBytes = 4096 }) { client, ledger in
            let big = String(repeating: eventLine("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "x"]) + "\n", count: 60)
            let tooLarge = try await client.send(.post, "/api/events", token: Token.all, body: big, contentType: "application/x-ndjson")
            #expect(tooLarge.status == 413, "\(tooLarge)")
            #expect(tooLarge.error?.hasPrefix("the body is over the limit of 4096 bytes") == true)
            let noType = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: "{}", contentType: nil)
            #expect(noType.status == 415, "\(noType)")
            let html = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: "{}", contentType: "text/html")
            #expect(html.status == 415, "\(html)")
            #expect(html.error == #"Content-Type "text/html" is not accepted here: send application/json"#)
            let latin1 = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: "{}",
                                               contentType: "application/json; charset=iso-8859-1")
            #expect(latin1.status == 415, "\(latin1)")
            let withCharset = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: Self.issued,
                                                    contentType: "application/json; charset=UTF-8")
            #expect(withCharset.status == 201, "\(withCharset)")
            let malformed = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: #"{"doc_type": "QĐ""#)
            #expect(malformed.status == 400, "\(malformed)")
            #expect(malformed.error == "the body is not valid JSON (UTF-8, at most 512 levels deep)")
            let route = try await client.send(.get, "/api/nothing", token: Token.clerk)
            #expect(route.status == 404, "\(route)")
            #expect(route.error == "no such route")
            let method = try await client.send(.delete, "/api/events", token: Token.all)
            #expect(method.status == 404, "\(method)")
            #expect(try ledger.digest().hasPrefix("1:"))
        }
    }

    @Test("one log line per request (method, path, status, duration, user, request id), never a token")
    func logging() async throws {
        let log = LogLines()
        try await withServer(log: log) { client, _ in
            _ = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: Self.issued)
            _ = try await client.send(.get, "/api/digest", token: "forged-token-0000000000000")
        }
        let lines = log.lines.filter { $0.hasPrefix("info request") }
        #expect(lines.count == 2, "\(log.lines)")
        for field in ["hb.request.id=", "method=POST", "path=/api/documents/issued", "status=201", "ms=", "user=vanthu.nguyen"] {
            #expect(lines.first?.contains(field) == true, "\(field) in \(lines)")
        }
        #expect(lines.last?.contains("status=401") == true && lines.last?.contains("user=-") == true)
        #expect(!log.lines.joined().contains("token-0"))
    }
}
